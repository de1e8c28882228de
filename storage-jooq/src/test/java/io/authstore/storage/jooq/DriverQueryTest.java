package io.authstore.storage.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** What a query needs before it reaches the driver; running queries is covered by every repository's tests. */
class DriverQueryTest {

    @Test
    void placeholdersAreNumberedOutsideQuotedNamesAndLiterals() {
        assertThat(DriverQuery.numberPlaceholders("select \"a?\" from t where x = ? and y = '?' and z = ?", 2))
                .isEqualTo("select \"a?\" from t where x = $1 and y = '?' and z = $2");
        assertThatThrownBy(() -> DriverQuery.numberPlaceholders("select ? , ?", 1))
                .hasMessageContaining("expected 1 placeholders, found 2");
    }

    @Test
    void timestampsBeforeYearOneAreReadFromPostgresText() {
        assertThat(DriverQuery.beforeChrist("4714-11-24 00:00:00+00 BC"))
                .isEqualTo(OffsetDateTime.parse("-4713-11-24T00:00:00Z"));
        assertThat(DriverQuery.beforeChrist("0001-12-31 23:59:59.000001+05:30 BC"))
                .isEqualTo(OffsetDateTime.parse("0000-12-31T23:59:59.000001+05:30"));
        assertThat(DriverQuery.beforeChristText(OffsetDateTime.parse("-4713-11-24T00:00:00.000001Z")))
                .isEqualTo("4714-11-24 00:00:00.000001+00 BC");
        assertThatThrownBy(() -> DriverQuery.beforeChrist("2026-01-01 00:00:00+00"))
                .hasMessageContaining("not a PostgreSQL timestamp before year 1");
    }
}
