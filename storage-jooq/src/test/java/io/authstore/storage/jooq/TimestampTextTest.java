package io.authstore.storage.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class TimestampTextTest {

    @Test
    void readsTheIsoTextPostgresSends() {
        assertThat(TimestampText.parse("2026-12-02 03:04:05+00"))
                .isEqualTo(OffsetDateTime.parse("2026-12-02T03:04:05Z"));
        assertThat(TimestampText.parse("2026-12-02 03:04:05.1+00"))
                .isEqualTo(OffsetDateTime.parse("2026-12-02T03:04:05.1Z"));
        assertThat(TimestampText.parse("2026-12-02 03:04:05.123456+05:30"))
                .isEqualTo(OffsetDateTime.parse("2026-12-02T03:04:05.123456+05:30"));
        assertThat(TimestampText.parse("0001-01-01 00:00:00-03:30"))
                .isEqualTo(OffsetDateTime.parse("0001-01-01T00:00:00-03:30"));
        assertThat(TimestampText.parse("1000-01-01 00:00:00+00:19:32"))
                .isEqualTo(OffsetDateTime.parse("1000-01-01T00:00:00+00:19:32"));
        assertThat(TimestampText.parse("9999-12-31 23:59:59.999999+14"))
                .isEqualTo(OffsetDateTime.parse("9999-12-31T23:59:59.999999+14:00"));
        assertThat(TimestampText.parse("294276-12-31 23:59:59.999999+00"))
                .isEqualTo(OffsetDateTime.parse("+294276-12-31T23:59:59.999999Z"));
    }

    @Test
    void readsYearsBeforeOneAsProlepticYears() {
        assertThat(TimestampText.parse("4714-11-24 00:00:00+00 BC"))
                .isEqualTo(OffsetDateTime.parse("-4713-11-24T00:00:00Z"));
        // 1 BC is the proleptic year 0, a leap year
        assertThat(TimestampText.parse("0001-02-29 23:59:59.000001+05:30 BC"))
                .isEqualTo(OffsetDateTime.parse("0000-02-29T23:59:59.000001+05:30"));
        assertThat(TimestampText.parse("0001-12-31 20:29:08-03:30:52 BC"))
                .isEqualTo(OffsetDateTime.parse("0000-12-31T20:29:08-03:30:52"));
    }

    @Test
    void leavesEveryOtherShapeToTheDriver() {
        for (String other : new String[] {"infinity", "-infinity", "2026-12-02T03:04:05+00", "2026-12-02 03:04:05+00 AD", "2026-12-02 03:04:05", "2026-12-02 03:04:05.+00",
                "2026-13-02 03:04:05+00", "2026-12-02 03:04:05+0", "2026-12-02 03:04:05+00:", "12/02/2026 03:04:05 UTC",
                "2026-12-02 03:04:05+00:00:00:00", "2026-12-02 03:04:05.1234567890+00", "1234567-01-01 00:00:00+00",
                "026-12-02 03:04:05+00", " BC"}) {
            assertThat(TimestampText.parse(other)).as(other).isNull();
        }
    }
}
