package io.authstore.storage.jooq;

import static io.authstore.snapshot.Tables.USER_SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.snapshot.tables.records.UserSessionsRecord;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.Param;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/** A prepared statement binds each call's values where its named parameters are, and keeps its constants. */
class PreparedQueryTest {

    private static final PreparedQuery<UserSessionsRecord> INSERT = PreparedQuery.of(DSL.insertInto(USER_SESSIONS)
            .set(USER_SESSIONS.USER_SESSION_ID, PreparedQuery.value(USER_SESSIONS.USER_SESSION_ID))
            .set(USER_SESSIONS.USER_ID, PreparedQuery.value(USER_SESSIONS.USER_ID))
            .set(USER_SESSIONS.CREATED_AT, OffsetDateTime.parse("2026-01-01T00:00:00Z"))
            .set(USER_SESSIONS.USER_AGENT, PreparedQuery.value(USER_SESSIONS.USER_AGENT))
            .returning());

    @Test
    void bindsTheCallsValuesInOrderAndKeepsTheConstants() {
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        DriverQuery call = INSERT.with(id, user, null).rendered();
        assertThat(call.sql()).isEqualTo(DriverQuery.of(DSL.insertInto(USER_SESSIONS)
                .set(USER_SESSIONS.USER_SESSION_ID, id)
                .set(USER_SESSIONS.USER_ID, user)
                .set(USER_SESSIONS.CREATED_AT, OffsetDateTime.parse("2026-01-01T00:00:00Z"))
                .set(USER_SESSIONS.USER_AGENT, "any")
                .returning()).sql());
        assertThat(call.params()).extracting(param -> (Object) param.getValue())
                .containsExactly(id, user, OffsetDateTime.parse("2026-01-01T00:00:00Z"), null);
    }

    @Test
    void refusesValuesThatDoNotFit() {
        assertThatThrownBy(() -> INSERT.with(UUID.randomUUID(), UUID.randomUUID()))
                .hasMessageContaining("expected 3 values, got 2");
        assertThatThrownBy(() -> INSERT.with(UUID.randomUUID(), "not a uuid", null))
                .hasMessageContaining("user_id takes a UUID, not a String");
        Param<UUID> id = PreparedQuery.value(USER_SESSIONS.USER_SESSION_ID);
        assertThatThrownBy(() -> PreparedQuery.of(DSL.selectFrom(USER_SESSIONS)
                        .where(USER_SESSIONS.USER_SESSION_ID.eq(id).or(USER_SESSIONS.USER_ID.eq(id)))))
                .hasMessageContaining("a PreparedQuery takes each named parameter once");
    }
}
