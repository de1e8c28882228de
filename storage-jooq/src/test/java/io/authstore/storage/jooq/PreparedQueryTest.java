package io.authstore.storage.jooq;

import static io.authstore.snapshot.Tables.USERS;
import static io.authstore.snapshot.Tables.USER_SESSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.snapshot.tables.records.UserSessionsRecord;
import io.authstore.snapshot.tables.records.UsersRecord;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * A prepared statement binds each call's values where its named parameters are, and keeps its constants; running it
 * is covered by the repositories' tests on the database.
 */
class PreparedQueryTest {

    private static final OffsetDateTime START = OffsetDateTime.parse("2026-01-01T00:00:00Z");

    private static final PreparedQuery<UserSessionsRecord> INSERT = PreparedQuery.of(DSL.insertInto(USER_SESSIONS)
            .set(USER_SESSIONS.USER_SESSION_ID, PreparedQuery.value(USER_SESSIONS.USER_SESSION_ID))
            .set(USER_SESSIONS.USER_ID, PreparedQuery.value(USER_SESSIONS.USER_ID))
            .set(USER_SESSIONS.CREATED_AT, START)
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
                .set(USER_SESSIONS.CREATED_AT, START)
                .set(USER_SESSIONS.USER_AGENT, "any")
                .returning()).sql());
        assertThat(call.values()).containsExactly(id, user, START, null);
    }

    @Test
    void anInsertOfColumnsTakesTheirValuesInTheirOrder() {
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        PreparedQuery<UserSessionsRecord> insert = PreparedQuery.of(PreparedQuery.insertInto(USER_SESSIONS,
                        USER_SESSIONS.USER_SESSION_ID, USER_SESSIONS.USER_ID, USER_SESSIONS.CREATED_AT,
                        USER_SESSIONS.USER_AGENT)
                .onConflictDoNothing()
                .returning());

        DriverQuery call = insert.with(id, user, START, "agent").rendered();

        assertThat(call.sql()).isEqualTo(DriverQuery.of(DSL.insertInto(USER_SESSIONS)
                .set(USER_SESSIONS.USER_SESSION_ID, id)
                .set(USER_SESSIONS.USER_ID, user)
                .set(USER_SESSIONS.CREATED_AT, START)
                .set(USER_SESSIONS.USER_AGENT, "agent")
                .onConflictDoNothing()
                .returning()).sql());
        assertThat(call.values()).containsExactly(id, user, START, "agent");
    }

    @Test
    void aNameUsedSeveralTimesTakesTheSameValueEverywhere() {
        Param<String> name = PreparedQuery.value(USERS.USERNAME);
        PreparedQuery<UsersRecord> query = PreparedQuery.of(DSL.selectFrom(USERS)
                .where(DSL.lower(USERS.USERNAME).eq(DSL.lower(name)))
                .orderBy(DSL.field(USERS.USERNAME.eq(name)).desc())
                .limit(1));

        DriverQuery call = query.with("Alice").rendered();

        assertThat(call.sql()).contains("lower($1)", "= $2)", "fetch next $3 rows only").doesNotContain("?");
        assertThat(call.values()).containsExactly("Alice", "Alice", 1L);
    }

    @Test
    void aLookupSelectsTheWholeRowByItsKey() {
        UUID id = UUID.randomUUID();
        DriverQuery call = PreparedQuery.lookup(USERS, USERS.USER_ID).with(id).rendered();

        assertThat(call.sql()).isEqualTo(DriverQuery.of(DSL.selectFrom(USERS).where(USERS.USER_ID.eq(id))).sql());
        assertThat(call.values()).containsExactly(id);
    }

    @Test
    void aStatementWithoutRowsIsRunWithExecute() {
        PreparedQuery<Record> delete = PreparedQuery.of(DSL.deleteFrom(USER_SESSIONS)
                .where(USER_SESSIONS.USER_SESSION_ID.eq(PreparedQuery.value(USER_SESSIONS.USER_SESSION_ID))));

        assertThat(delete.writes()).isTrue();
        assertThat(delete.with(UUID.randomUUID()).rendered().sql()).contains("$1").doesNotContain("?");
        assertThatThrownBy(delete::rows).hasMessageContaining("returns no rows; run it with execute");
    }

    @Test
    void refusesValuesThatDoNotFit() {
        assertThatThrownBy(() -> INSERT.with(UUID.randomUUID(), UUID.randomUUID()))
                .hasMessageContaining("expected 3 values ([user_session_id, user_id, user_agent]), got 2");
        assertThatThrownBy(() -> INSERT.with(UUID.randomUUID(), "not a uuid", null))
                .hasMessageContaining("user_id takes a UUID, not a String");
        assertThatThrownBy(() -> PreparedQuery.of(DSL.selectFrom(USER_SESSIONS)
                        .where(USER_SESSIONS.USER_SESSION_ID.eq(PreparedQuery.value(USER_SESSIONS.USER_SESSION_ID)))
                        .and(USER_SESSIONS.USER_AGENT.eq(DSL.param("user_session_id", String.class)))))
                .hasMessageContaining("the parameter user_session_id is used as a UUID and as a String");
    }
}
