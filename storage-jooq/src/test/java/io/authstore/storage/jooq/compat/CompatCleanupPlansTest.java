package io.authstore.storage.jooq.compat;

import static io.authstore.snapshot.Tables.COMPAT_ACCESS_TOKENS;
import static io.authstore.snapshot.Tables.COMPAT_REFRESH_TOKENS;
import static io.authstore.snapshot.Tables.COMPAT_SESSIONS;
import static io.authstore.snapshot.Tables.COMPAT_SSO_LOGINS;
import static io.authstore.storage.jooq.Convert.timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.User;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep4;
import org.jooq.InsertValuesStep6;
import org.jooq.Query;
import org.jooq.postgres.extensions.types.Inet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cleanups' statements, as the repository builds them, planned by PostgreSQL over 50,000 sessions with an access
 * and a refresh token each (1 in 100 finished, 1 in 10 with an address, 1 in 5 from an SSO login), in batches of
 * 1000: an index serves each, no table is read in full.
 */
@ExtendWith(StorageExtension.class)
class CompatCleanupPlansTest {

    private static final int SESSIONS = 50_000;

    @Test
    void eachCleanupStatementIsServedByAnIndex(TestStorage storage) {
        User user = CompatSessionRepositoryTest.user(storage, "alice");
        DSLContext sql = storage.sql();
        Instant start = TestStorage.START;
        List<UUID> sample = new ArrayList<>();
        Inet address = Inet.valueOf(InetAddress.ofLiteral("192.0.2.1"));
        for (int batch = 0; batch < SESSIONS / 1000; batch++) {
            InsertValuesStep6<?, UUID, UUID, java.time.OffsetDateTime, java.time.OffsetDateTime,
                    java.time.OffsetDateTime, Inet> sessions = sql.insertInto(COMPAT_SESSIONS,
                    COMPAT_SESSIONS.COMPAT_SESSION_ID, COMPAT_SESSIONS.USER_ID, COMPAT_SESSIONS.CREATED_AT,
                    COMPAT_SESSIONS.FINISHED_AT, COMPAT_SESSIONS.LAST_ACTIVE_AT, COMPAT_SESSIONS.LAST_ACTIVE_IP);
            InsertValuesStep4<?, UUID, UUID, String, java.time.OffsetDateTime> access = sql.insertInto(
                    COMPAT_ACCESS_TOKENS, COMPAT_ACCESS_TOKENS.COMPAT_ACCESS_TOKEN_ID,
                    COMPAT_ACCESS_TOKENS.COMPAT_SESSION_ID, COMPAT_ACCESS_TOKENS.ACCESS_TOKEN,
                    COMPAT_ACCESS_TOKENS.CREATED_AT);
            var refresh = sql.insertInto(COMPAT_REFRESH_TOKENS, COMPAT_REFRESH_TOKENS.COMPAT_REFRESH_TOKEN_ID,
                    COMPAT_REFRESH_TOKENS.COMPAT_SESSION_ID, COMPAT_REFRESH_TOKENS.COMPAT_ACCESS_TOKEN_ID,
                    COMPAT_REFRESH_TOKENS.REFRESH_TOKEN, COMPAT_REFRESH_TOKENS.CREATED_AT);
            var logins = sql.insertInto(COMPAT_SSO_LOGINS, COMPAT_SSO_LOGINS.COMPAT_SSO_LOGIN_ID,
                    COMPAT_SSO_LOGINS.REDIRECT_URI, COMPAT_SSO_LOGINS.LOGIN_TOKEN, COMPAT_SSO_LOGINS.COMPAT_SESSION_ID,
                    COMPAT_SSO_LOGINS.CREATED_AT, COMPAT_SSO_LOGINS.FULFILLED_AT, COMPAT_SSO_LOGINS.EXCHANGED_AT);
            for (int j = 0; j < 1000; j++) {
                int i = batch * 1000 + j;
                Instant at = start.plusSeconds(i);
                UUID id = Ulid.generate(at, storage.random()).toUuid();
                UUID accessId = Ulid.generate(at, storage.random()).toUuid();
                sessions = sessions.values(id, user.id().toUuid(), timestamp(at),
                        i % 100 == 0 ? timestamp(at.plusSeconds(60)) : null, timestamp(at),
                        i % 10 == 0 ? address : null);
                access = access.values(accessId, id, "plan-at-" + i, timestamp(at));
                refresh = refresh.values(Ulid.generate(at, storage.random()).toUuid(), id, accessId, "plan-rt-" + i,
                        timestamp(at));
                if (i % 5 == 0) {
                    logins = logins.values(Ulid.generate(at, storage.random()).toUuid(), "https://example.com/cb",
                            "plan-lt-" + i, id, timestamp(at), timestamp(at), timestamp(at));
                }
                if (i % 50 == 0) {
                    sample.add(id);
                }
            }
            sessions.execute();
            access.execute();
            refresh.execute();
            logins.execute();
        }
        sql.execute(sql.query("ANALYZE"));

        Instant until = start.plusSeconds(SESSIONS / 2);
        assertIndexed(sql, JooqCompatSessionRepository.finishedBatch(sql, null, until, 1000), COMPAT_SESSIONS.getName());
        assertIndexed(sql, JooqCompatSessionRepository.finishedBatch(sql, start.plusSeconds(500), until, 1000),
                COMPAT_SESSIONS.getName());
        assertIndexed(sql, JooqCompatSessionRepository.inactiveIpsBatch(sql, null, until, 1000),
                COMPAT_SESSIONS.getName());
        assertIndexed(sql, JooqCompatSessionRepository.inactiveIpsBatch(sql, start.plusSeconds(500), until, 1000),
                COMPAT_SESSIONS.getName());
        for (Query delete : JooqCompatSessionRepository.deleteDependents(sql, sample.toArray(UUID[]::new))) {
            assertIndexed(sql, delete, COMPAT_REFRESH_TOKENS.getName(), COMPAT_ACCESS_TOKENS.getName(),
                    COMPAT_SSO_LOGINS.getName());
        }
    }

    private static void assertIndexed(DSLContext sql, Query query, String... tables) {
        String plan = sql.explain(query).plan();
        for (String table : tables) {
            assertThat(plan).as(plan).doesNotContain("Seq Scan on " + table + " ");
        }
        assertThat(plan).as(plan).containsPattern("Index (Only )?Scan|Bitmap Index Scan");
    }
}
