package io.authstore.storage.jooq.oauth2;

import static io.authstore.snapshot.Tables.OAUTH2_ACCESS_TOKENS;
import static io.authstore.snapshot.Tables.OAUTH2_AUTHORIZATION_GRANTS;
import static io.authstore.snapshot.Tables.OAUTH2_DEVICE_CODE_GRANT;
import static io.authstore.snapshot.Tables.OAUTH2_REFRESH_TOKENS;
import static io.authstore.snapshot.Tables.OAUTH2_SESSIONS;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.oauth2.OAuth2Session;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.postgres.extensions.types.Inet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every OAuth 2.0 cleanup statement finds its batch through an index: with 50,000 rows in each table (and fresh
 * statistics), the plan PostgreSQL makes for exactly the statement the repository runs ({@link OAuth2Cleanups})
 * has no sequential scan of the table it cleans.
 */
@ExtendWith(StorageExtension.class)
class OAuth2CleanupIndexTest {

    private static final int ROWS = 50_000;
    private static final int BATCH = 1000;
    private static final Instant BASE = TestStorage.START;

    /** A day per thousand rows: {@code BASE} + i / 1000 days. */
    private static Field<OffsetDateTime> spread(Field<Integer> i) {
        return DSL.val(timestamp(BASE)).plus(i.div(1000));
    }

    private static Field<OffsetDateTime> every(Field<Integer> i, int nth) {
        return DSL.when(i.mod(nth).eq(0), spread(i)).otherwise(DSL.castNull(OAUTH2_SESSIONS.FINISHED_AT.getDataType()));
    }

    @Test
    void everyCleanupStatementIsServedByAnIndexOnFiftyThousandRows(TestStorage storage) {
        OAuth2Session session = session(storage);
        DSLContext sql = storage.sql();
        Table<?> series = DSL.generateSeries(1, ROWS).as("s", "i");
        Field<Integer> i = series.field("i", Integer.class);
        Field<String> n = i.cast(String.class);

        sql.insertInto(OAUTH2_SESSIONS, OAUTH2_SESSIONS.OAUTH2_SESSION_ID, OAUTH2_SESSIONS.OAUTH2_CLIENT_ID,
                        OAUTH2_SESSIONS.SCOPE_LIST, OAUTH2_SESSIONS.CREATED_AT, OAUTH2_SESSIONS.FINISHED_AT,
                        OAUTH2_SESSIONS.LAST_ACTIVE_AT, OAUTH2_SESSIONS.LAST_ACTIVE_IP)
                .select(DSL.select(DSL.uuid(), DSL.val(session.clientId().toUuid()),
                                DSL.val(new String[] {"openid"}), DSL.val(timestamp(BASE)), every(i, 10),
                                spread(i),
                                DSL.when(i.mod(10).eq(0), DSL.val(Inet.valueOf(java.net.InetAddress.ofLiteral("192.0.2.1")),
                                        OAUTH2_SESSIONS.LAST_ACTIVE_IP.getDataType()))
                                        .otherwise(DSL.castNull(OAUTH2_SESSIONS.LAST_ACTIVE_IP.getDataType())))
                        .from(series))
                .execute();
        sql.insertInto(OAUTH2_ACCESS_TOKENS, OAUTH2_ACCESS_TOKENS.OAUTH2_ACCESS_TOKEN_ID,
                        OAUTH2_ACCESS_TOKENS.OAUTH2_SESSION_ID, OAUTH2_ACCESS_TOKENS.ACCESS_TOKEN,
                        OAUTH2_ACCESS_TOKENS.CREATED_AT, OAUTH2_ACCESS_TOKENS.EXPIRES_AT,
                        OAUTH2_ACCESS_TOKENS.REVOKED_AT)
                .select(DSL.select(DSL.uuid(), DSL.val(session.id().toUuid()), DSL.val("mat_").concat(n),
                                DSL.val(timestamp(BASE)), spread(i), every(i, 10))
                        .from(series))
                .execute();
        sql.insertInto(OAUTH2_REFRESH_TOKENS, OAUTH2_REFRESH_TOKENS.OAUTH2_REFRESH_TOKEN_ID,
                        OAUTH2_REFRESH_TOKENS.OAUTH2_SESSION_ID, OAUTH2_REFRESH_TOKENS.REFRESH_TOKEN,
                        OAUTH2_REFRESH_TOKENS.CREATED_AT, OAUTH2_REFRESH_TOKENS.CONSUMED_AT,
                        OAUTH2_REFRESH_TOKENS.REVOKED_AT)
                .select(DSL.select(DSL.uuid(), DSL.val(session.id().toUuid()), DSL.val("mar_").concat(n),
                                DSL.val(timestamp(BASE)),
                                DSL.when(i.mod(2).eq(0), spread(i))
                                        .otherwise(DSL.castNull(OAUTH2_SESSIONS.FINISHED_AT.getDataType())),
                                DSL.when(i.mod(2).eq(1).and(i.mod(5).eq(0)), spread(i))
                                        .otherwise(DSL.castNull(OAUTH2_SESSIONS.FINISHED_AT.getDataType())))
                        .from(series))
                .execute();
        sql.insertInto(OAUTH2_AUTHORIZATION_GRANTS, OAUTH2_AUTHORIZATION_GRANTS.OAUTH2_AUTHORIZATION_GRANT_ID,
                        OAUTH2_AUTHORIZATION_GRANTS.OAUTH2_CLIENT_ID, OAUTH2_AUTHORIZATION_GRANTS.REDIRECT_URI,
                        OAUTH2_AUTHORIZATION_GRANTS.SCOPE, OAUTH2_AUTHORIZATION_GRANTS.RESPONSE_MODE,
                        OAUTH2_AUTHORIZATION_GRANTS.RESPONSE_TYPE_CODE,
                        OAUTH2_AUTHORIZATION_GRANTS.RESPONSE_TYPE_ID_TOKEN, OAUTH2_AUTHORIZATION_GRANTS.CREATED_AT)
                .select(DSL.select(DSL.uuid(), DSL.val(session.clientId().toUuid()), DSL.val("https://x/cb"),
                                DSL.val("openid"), DSL.val("query"), DSL.val(false), DSL.val(false),
                                DSL.val(timestamp(BASE)))
                        .from(series))
                .execute();
        sql.insertInto(OAUTH2_DEVICE_CODE_GRANT, OAUTH2_DEVICE_CODE_GRANT.OAUTH2_DEVICE_CODE_GRANT_ID,
                        OAUTH2_DEVICE_CODE_GRANT.OAUTH2_CLIENT_ID, OAUTH2_DEVICE_CODE_GRANT.SCOPE,
                        OAUTH2_DEVICE_CODE_GRANT.USER_CODE, OAUTH2_DEVICE_CODE_GRANT.DEVICE_CODE,
                        OAUTH2_DEVICE_CODE_GRANT.CREATED_AT, OAUTH2_DEVICE_CODE_GRANT.EXPIRES_AT)
                .select(DSL.select(DSL.uuid(), DSL.val(session.clientId().toUuid()), DSL.val("openid"),
                                DSL.val("uc").concat(n), DSL.val("dc").concat(n), DSL.val(timestamp(BASE)),
                                DSL.val(timestamp(BASE)))
                        .from(series))
                .execute();
        // Fresh statistics, as autovacuum would have them on a live server (ANALYZE has no typed form in jOOQ;
        // this is a test fixture, not a repository statement).
        sql.execute("ANALYZE");
        assertThat(sql.fetchCount(OAUTH2_SESSIONS)).isEqualTo(ROWS + 1);

        Instant since = BASE.plusSeconds(86_400 * 3);
        Instant until = BASE.plusSeconds(86_400 * 40);
        UUID[] batch = IntStream.range(0, BATCH).mapToObj(k -> UUID.randomUUID()).toArray(UUID[]::new);
        List<Query> sessions = new ArrayList<>();
        sessions.add(OAuth2Cleanups.finishedSessions(sql, since, until, BATCH));
        sessions.add(OAuth2Cleanups.finishedSessions(sql, null, until, BATCH));
        sessions.add(OAuth2Cleanups.finishedSessionBatch(sql, batch));
        sessions.add(OAuth2Cleanups.inactiveSessionIps(sql, since, until, BATCH));
        sessions.add(OAuth2Cleanups.inactiveSessionIps(sql, null, until, BATCH));
        for (Query query : sessions) {
            assertServedByAnIndex(sql, query, "oauth2_sessions");
        }
        List<Query> children = OAuth2Cleanups.finishedSessionChildren(sql, batch).stream().map(Query.class::cast)
                .toList();
        assertServedByAnIndex(sql, children.get(0), "oauth2_refresh_tokens");
        assertServedByAnIndex(sql, children.get(1), "oauth2_access_tokens");
        assertServedByAnIndex(sql, children.get(2), "oauth2_authorization_grants");
        for (Instant from : new Instant[] {null, since}) {
            assertServedByAnIndex(sql, OAuth2Cleanups.revokedAccessTokens(sql, from, until, BATCH),
                    "oauth2_access_tokens");
            assertServedByAnIndex(sql, OAuth2Cleanups.expiredAccessTokens(sql, from, until, BATCH),
                    "oauth2_access_tokens");
            assertServedByAnIndex(sql, OAuth2Cleanups.revokedRefreshTokens(sql, from, until, BATCH),
                    "oauth2_refresh_tokens");
            assertServedByAnIndex(sql, OAuth2Cleanups.consumedRefreshTokens(sql, from, until, BATCH),
                    "oauth2_refresh_tokens");
            assertServedByAnIndex(sql, OAuth2Cleanups.authorizationGrants(sql, from, until, BATCH),
                    "oauth2_authorization_grants");
            assertServedByAnIndex(sql, OAuth2Cleanups.deviceCodeGrants(sql, from, until, BATCH),
                    "oauth2_device_code_grant");
        }
    }

    private static void assertServedByAnIndex(DSLContext sql, Query query, String table) {
        String plan = sql.explain(query).plan();
        assertThat(plan).as("plan of %s", sql.renderInlined(query))
                .doesNotContain("Seq Scan on " + table)
                .contains("Index");
    }
}
