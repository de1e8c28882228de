package io.authstore.storage.jooq.oauth2;

import static io.authstore.snapshot.Tables.OAUTH2_ACCESS_TOKENS;
import static io.authstore.snapshot.Tables.OAUTH2_AUTHORIZATION_GRANTS;
import static io.authstore.snapshot.Tables.OAUTH2_DEVICE_CODE_GRANT;
import static io.authstore.snapshot.Tables.OAUTH2_REFRESH_TOKENS;
import static io.authstore.snapshot.Tables.OAUTH2_SESSIONS;

import io.authstore.storage.jooq.Cleanups;
import io.authstore.storage.jooq.SessionActivity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.TableField;
import org.jooq.impl.DSL;

/**
 * The statements of the OAuth 2.0 cleanups, built in one place so that the repositories run them and a test can
 * EXPLAIN exactly them. Each picks its batch oldest first through an index on the cleaned-up column (or the key),
 * locking the rows it takes and skipping those in use.
 */
final class OAuth2Cleanups {

    private OAuth2Cleanups() {}

    /** The ids of up to {@code limit} sessions finished in the window, locked. */
    static Select<Record1<UUID>> finishedSessions(DSLContext dsl, Instant since, Instant until, int limit) {
        return dsl.select(OAUTH2_SESSIONS.OAUTH2_SESSION_ID)
                .from(OAUTH2_SESSIONS)
                .where(Cleanups.window(OAUTH2_SESSIONS.FINISHED_AT, since, until))
                .orderBy(OAUTH2_SESSIONS.FINISHED_AT, OAUTH2_SESSIONS.OAUTH2_SESSION_ID)
                .limit(limit)
                .forUpdate()
                .skipLocked();
    }

    /**
     * What goes with a batch of finished sessions, children first: their refresh and access tokens and the
     * authorization grants exchanged for them (device-code grants go by ON DELETE CASCADE).
     */
    static java.util.List<org.jooq.RowCountQuery> finishedSessionChildren(DSLContext dsl, UUID[] batch) {
        return java.util.List.of(
                dsl.deleteFrom(OAUTH2_REFRESH_TOKENS).where(anyOf(OAUTH2_REFRESH_TOKENS.OAUTH2_SESSION_ID, batch)),
                dsl.deleteFrom(OAUTH2_ACCESS_TOKENS).where(anyOf(OAUTH2_ACCESS_TOKENS.OAUTH2_SESSION_ID, batch)),
                dsl.deleteFrom(OAUTH2_AUTHORIZATION_GRANTS)
                        .where(anyOf(OAUTH2_AUTHORIZATION_GRANTS.OAUTH2_SESSION_ID, batch)));
    }

    /** The batch of finished sessions themselves, returning when each finished. */
    static ResultQuery<Record1<OffsetDateTime>> finishedSessionBatch(DSLContext dsl, UUID[] batch) {
        return dsl.deleteFrom(OAUTH2_SESSIONS)
                .where(anyOf(OAUTH2_SESSIONS.OAUTH2_SESSION_ID, batch))
                .returningResult(OAUTH2_SESSIONS.FINISHED_AT);
    }

    /** Clears the address of up to {@code limit} sessions last active in the window, returning their times. */
    static ResultQuery<Record1<OffsetDateTime>> inactiveSessionIps(
            DSLContext dsl, Instant since, Instant threshold, int limit) {
        return SessionActivity.inactiveIpsBatch(dsl, OAUTH2_SESSIONS.OAUTH2_SESSION_ID, OAUTH2_SESSIONS.LAST_ACTIVE_AT,
                OAUTH2_SESSIONS.LAST_ACTIVE_IP, since, threshold, limit);
    }

    /** Deletes up to {@code limit} access tokens whose {@code at} (revoked_at or expires_at) lies in the window. */
    static ResultQuery<Record1<OffsetDateTime>> accessTokensBy(
            DSLContext dsl, TableField<?, OffsetDateTime> at, Instant since, Instant until, int limit) {
        return dsl.deleteFrom(OAUTH2_ACCESS_TOKENS)
                .where(Cleanups.inBatch(OAUTH2_ACCESS_TOKENS.OAUTH2_ACCESS_TOKEN_ID, dsl.select(OAUTH2_ACCESS_TOKENS.OAUTH2_ACCESS_TOKEN_ID)
                        .from(OAUTH2_ACCESS_TOKENS)
                        .where(Cleanups.window(at, since, until))
                        .orderBy(at, OAUTH2_ACCESS_TOKENS.OAUTH2_ACCESS_TOKEN_ID)
                        .limit(limit)
                        .forUpdate()
                        .skipLocked()))
                .returningResult(at);
    }

    static ResultQuery<Record1<OffsetDateTime>> revokedAccessTokens(
            DSLContext dsl, Instant since, Instant until, int limit) {
        return accessTokensBy(dsl, OAUTH2_ACCESS_TOKENS.REVOKED_AT, since, until, limit);
    }

    static ResultQuery<Record1<OffsetDateTime>> expiredAccessTokens(
            DSLContext dsl, Instant since, Instant until, int limit) {
        return accessTokensBy(dsl, OAUTH2_ACCESS_TOKENS.EXPIRES_AT, since, until, limit);
    }

    static ResultQuery<Record1<OffsetDateTime>> revokedRefreshTokens(
            DSLContext dsl, Instant since, Instant until, int limit) {
        return dsl.deleteFrom(OAUTH2_REFRESH_TOKENS)
                .where(Cleanups.inBatch(OAUTH2_REFRESH_TOKENS.OAUTH2_REFRESH_TOKEN_ID, dsl.select(OAUTH2_REFRESH_TOKENS.OAUTH2_REFRESH_TOKEN_ID)
                        .from(OAUTH2_REFRESH_TOKENS)
                        .where(Cleanups.window(OAUTH2_REFRESH_TOKENS.REVOKED_AT, since, until))
                        .orderBy(OAUTH2_REFRESH_TOKENS.REVOKED_AT, OAUTH2_REFRESH_TOKENS.OAUTH2_REFRESH_TOKEN_ID)
                        .limit(limit)
                        .forUpdate()
                        .skipLocked()))
                .returningResult(OAUTH2_REFRESH_TOKENS.REVOKED_AT);
    }

    /**
     * Deletes up to {@code limit} refresh tokens consumed in the window whose replacement is consumed too or gone:
     * the newest consumed link of a chain stays, so a replay of it is still recognised.
     */
    static ResultQuery<Record1<OffsetDateTime>> consumedRefreshTokens(
            DSLContext dsl, Instant since, Instant until, int limit) {
        var next = OAUTH2_REFRESH_TOKENS.as("next_token");
        var candidate = OAUTH2_REFRESH_TOKENS.as("candidate");
        Condition replacementDone = candidate.NEXT_OAUTH2_REFRESH_TOKEN_ID.isNull()
                .or(next.CONSUMED_AT.isNotNull());
        return dsl.deleteFrom(OAUTH2_REFRESH_TOKENS)
                .where(Cleanups.inBatch(OAUTH2_REFRESH_TOKENS.OAUTH2_REFRESH_TOKEN_ID, dsl.select(candidate.OAUTH2_REFRESH_TOKEN_ID)
                        .from(candidate)
                        .leftJoin(next).on(next.OAUTH2_REFRESH_TOKEN_ID.eq(candidate.NEXT_OAUTH2_REFRESH_TOKEN_ID))
                        .where(Cleanups.window(candidate.CONSUMED_AT, since, until))
                        .and(replacementDone)
                        .orderBy(candidate.CONSUMED_AT, candidate.OAUTH2_REFRESH_TOKEN_ID)
                        .limit(limit)
                        .forUpdate().of(candidate)
                        .skipLocked()))
                .returningResult(OAUTH2_REFRESH_TOKENS.CONSUMED_AT);
    }

    /** Deletes up to {@code limit} rows of {@code key}'s table created in the window (read from the ULID key). */
    static ResultQuery<Record1<UUID>> authorizationGrants(DSLContext dsl, Instant since, Instant until, int limit) {
        return Cleanups.deleteCreatedBatch(dsl, OAUTH2_AUTHORIZATION_GRANTS.OAUTH2_AUTHORIZATION_GRANT_ID, since, until, limit);
    }

    static ResultQuery<Record1<UUID>> deviceCodeGrants(DSLContext dsl, Instant since, Instant until, int limit) {
        return Cleanups.deleteCreatedBatch(dsl, OAUTH2_DEVICE_CODE_GRANT.OAUTH2_DEVICE_CODE_GRANT_ID, since, until, limit);
    }

    static Condition anyOf(TableField<?, UUID> key, UUID[] ids) {
        return key.eq(DSL.any(ids));
    }
}
