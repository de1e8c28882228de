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
    void timestampsBeforeYearOneAreSentAsPostgresTextAndReadBack() {
        String text = DriverQuery.beforeChristText(OffsetDateTime.parse("-4713-11-24T00:00:00.000001Z"));
        assertThat(text).isEqualTo("4714-11-24 00:00:00.000001+00 BC");
        assertThat(TimestampText.parse(text)).isEqualTo(OffsetDateTime.parse("-4713-11-24T00:00:00.000001Z"));
    }
}
