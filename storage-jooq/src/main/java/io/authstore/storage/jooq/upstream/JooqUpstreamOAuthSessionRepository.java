package io.authstore.storage.jooq.upstream;

import static io.authstore.snapshot.Tables.UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.snapshot.tables.records.UpstreamOauthAuthorizationSessionsRecord;
import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.JsonValue;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Cleanups;
import io.authstore.storage.jooq.JsonColumns;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.upstream.UpstreamOAuthAuthorizationSession;
import io.authstore.storage.upstream.UpstreamOAuthAuthorizationSessionState;
import io.authstore.storage.upstream.UpstreamOAuthLink;
import io.authstore.storage.upstream.UpstreamOAuthProvider;
import io.authstore.storage.upstream.UpstreamOAuthSessionFilter;
import io.authstore.storage.upstream.UpstreamOAuthSessionRepository;
import io.authstore.storage.users.BrowserSession;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DeleteResultStep;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class JooqUpstreamOAuthSessionRepository implements UpstreamOAuthSessionRepository {

    private static final String TABLE = "upstream_oauth_authorization_sessions";
    private static final io.authstore.snapshot.tables.UpstreamOauthAuthorizationSessions SESSIONS =
            UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS;

    private final Statements db;
    private final DSLContext dsl;

    public JooqUpstreamOAuthSessionRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    // Every upstream login adds a session and reads it back on the callback: rendered once, bound per call.
    private static final PreparedQuery<UpstreamOauthAuthorizationSessionsRecord> BY_ID =
            PreparedQuery.lookup(SESSIONS, SESSIONS.UPSTREAM_OAUTH_AUTHORIZATION_SESSION_ID);
    private static final PreparedQuery<UpstreamOauthAuthorizationSessionsRecord> ADD = PreparedQuery.of(
            PreparedQuery.insertInto(SESSIONS,
                    SESSIONS.UPSTREAM_OAUTH_AUTHORIZATION_SESSION_ID, SESSIONS.UPSTREAM_OAUTH_PROVIDER_ID,
                    SESSIONS.STATE, SESSIONS.CODE_CHALLENGE_VERIFIER, SESSIONS.NONCE, SESSIONS.CREATED_AT)
                    .onConflict(SESSIONS.STATE)
                    .doNothing()
                    .returning());

    @Override
    public Mono<UpstreamOAuthAuthorizationSession> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.upstream_oauth_authorization_session.lookup",
                        BY_ID.with(uuid(id))))
                .map(JooqUpstreamOAuthSessionRepository::session);
    }

    @Override
    public Mono<UpstreamOAuthAuthorizationSession> add(Clock clock, RandomSource random,
            UpstreamOAuthProvider provider, String state, Optional<String> codeChallengeVerifier,
            Optional<String> nonce) {
        Objects.requireNonNull(state, "state");
        if (Text.hasNul(state)) {
            return Text.refused("state");
        }
        if (Text.hasNul(codeChallengeVerifier.orElse(null))) {
            return Text.refused("codeChallengeVerifier");
        }
        if (Text.hasNul(nonce.orElse(null))) {
            return Text.refused("nonce");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            // ON CONFLICT DO NOTHING: a taken state is reported without aborting the transaction, and without
            // repeating it (it is a secret).
            return db.fetchOptional("db.upstream_oauth_authorization_session.add", ADD.with(uuid(id),
                            uuid(provider.id()), state, codeChallengeVerifier.orElse(null), nonce.orElse(null),
                            timestamp(now)))
                    .map(JooqUpstreamOAuthSessionRepository::session)
                    .switchIfEmpty(Mono.error(() -> new ConflictException(TABLE,
                            "upstream_oauth_authorization_sessions_state_unique",
                            "another authorization session already uses this state")));
        });
    }

    private static final PreparedQuery<UpstreamOauthAuthorizationSessionsRecord> COMPLETE_WITH_LINK =
            PreparedQuery.of(DSL.update(SESSIONS)
                    .set(SESSIONS.UPSTREAM_OAUTH_LINK_ID, PreparedQuery.value(SESSIONS.UPSTREAM_OAUTH_LINK_ID))
                    .set(SESSIONS.COMPLETED_AT, PreparedQuery.value(SESSIONS.COMPLETED_AT))
                    .set(SESSIONS.ID_TOKEN, PreparedQuery.value(SESSIONS.ID_TOKEN))
                    .set(SESSIONS.ID_TOKEN_CLAIMS, PreparedQuery.value(SESSIONS.ID_TOKEN_CLAIMS))
                    .set(SESSIONS.EXTRA_CALLBACK_PARAMETERS, PreparedQuery.value(SESSIONS.EXTRA_CALLBACK_PARAMETERS))
                    .set(SESSIONS.USERINFO, PreparedQuery.value(SESSIONS.USERINFO))
                    .where(PreparedQuery.eqValue(SESSIONS.UPSTREAM_OAUTH_AUTHORIZATION_SESSION_ID))
                    .and(pending())
                    .returning());

    @Override
    public Mono<UpstreamOAuthAuthorizationSession> completeWithLink(Clock clock,
            UpstreamOAuthAuthorizationSession session, UpstreamOAuthLink link, Optional<String> idToken,
            Optional<JsonValue> idTokenClaims, Optional<JsonValue> extraCallbackParameters,
            Optional<JsonValue> userinfo) {
        if (Text.hasNul(idToken.orElse(null))) {
            return Text.refused("idToken");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            session.complete(now, link, idToken, idTokenClaims, extraCallbackParameters, userinfo);
            return db.changeReturning("db.upstream_oauth_authorization_session.complete_with_link",
                    COMPLETE_WITH_LINK.with(
                            uuid(link.id()),
                            timestamp(now),
                            idToken.orElse(null),
                            JsonColumns.jsonb(idTokenClaims),
                            JsonColumns.jsonb(extraCallbackParameters),
                            JsonColumns.jsonb(userinfo),
                            uuid(session.id())),
                    TABLE, session.id());
        }).map(JooqUpstreamOAuthSessionRepository::session);
    }

    private static final PreparedQuery<UpstreamOauthAuthorizationSessionsRecord> CONSUME = PreparedQuery.of(
            DSL.update(SESSIONS)
                    .set(SESSIONS.CONSUMED_AT, PreparedQuery.value(SESSIONS.CONSUMED_AT))
                    .set(SESSIONS.USER_SESSION_ID, PreparedQuery.value(SESSIONS.USER_SESSION_ID))
                    .where(PreparedQuery.eqValue(SESSIONS.UPSTREAM_OAUTH_AUTHORIZATION_SESSION_ID))
                    .and(completed())
                    .returning());

    @Override
    public Mono<UpstreamOAuthAuthorizationSession> consume(Clock clock, UpstreamOAuthAuthorizationSession session,
            BrowserSession browserSession) {
        return Mono.defer(() -> {
            Instant now = clock.now();
            session.consume(now);
            return db.changeReturning("db.upstream_oauth_authorization_session.consume",
                    CONSUME.with(timestamp(now), uuid(browserSession.id()), uuid(session.id())), TABLE, session.id());
        }).map(JooqUpstreamOAuthSessionRepository::session);
    }

    /** As {@link UpstreamOAuthAuthorizationSessionState.Pending} is read from a row. */
    private static Condition pending() {
        return SESSIONS.UPSTREAM_OAUTH_LINK_ID.isNull()
                .and(SESSIONS.COMPLETED_AT.isNull())
                .and(SESSIONS.CONSUMED_AT.isNull())
                .and(SESSIONS.UNLINKED_AT.isNull());
    }

    /** As {@link UpstreamOAuthAuthorizationSessionState.Completed} is read from a row. */
    private static Condition completed() {
        return SESSIONS.UPSTREAM_OAUTH_LINK_ID.isNotNull()
                .and(SESSIONS.COMPLETED_AT.isNotNull())
                .and(SESSIONS.CONSUMED_AT.isNull())
                .and(SESSIONS.UNLINKED_AT.isNull());
    }

    @Override
    public Mono<Page<UpstreamOAuthAuthorizationSession>> list(UpstreamOAuthSessionFilter filter,
            Pagination pagination) {
        String refused = refusedField(filter);
        if (refused != null) {
            return Text.refused(refused);
        }
        return db.fetchPage("db.upstream_oauth_authorization_session.list", dsl.selectFrom(SESSIONS)
                                .where(condition(filter)),
                        SESSIONS.UPSTREAM_OAUTH_AUTHORIZATION_SESSION_ID,
                        UpstreamOauthAuthorizationSessionsRecord::getUpstreamOauthAuthorizationSessionId,
                        pagination)
                .map(page -> page.map(JooqUpstreamOAuthSessionRepository::session));
    }

    @Override
    public Mono<Long> count(UpstreamOAuthSessionFilter filter) {
        String refused = refusedField(filter);
        if (refused != null) {
            return Text.refused(refused);
        }
        return db.count("db.upstream_oauth_authorization_session.count", SESSIONS, condition(filter));
    }

    /** The filter's first text that holds a NUL character, or null; for every query that uses the filter. */
    public static String refusedField(UpstreamOAuthSessionFilter filter) {
        if (Text.hasNul(filter.subClaim().orElse(null))) {
            return "filter subClaim";
        }
        if (Text.hasNul(filter.sidClaim().orElse(null))) {
            return "filter sidClaim";
        }
        return null;
    }

    /**
     * The one place an {@link UpstreamOAuthSessionFilter} becomes SQL: list, count and the browser-session filter
     * share it. The claim names are inlined, so the expression indexes on {@code id_token_claims ->> 'sub'} and
     * {@code ->> 'sid'} match.
     */
    public static Condition condition(UpstreamOAuthSessionFilter filter) {
        Condition condition = DSL.noCondition();
        if (filter.providerId().isPresent()) {
            condition = condition.and(SESSIONS.UPSTREAM_OAUTH_PROVIDER_ID.eq(uuid(filter.providerId().get())));
        }
        if (filter.subClaim().isPresent()) {
            condition = condition.and(DSL.jsonbGetAttributeAsText(SESSIONS.ID_TOKEN_CLAIMS, DSL.inline("sub"))
                    .eq(filter.subClaim().get()));
        }
        if (filter.sidClaim().isPresent()) {
            condition = condition.and(DSL.jsonbGetAttributeAsText(SESSIONS.ID_TOKEN_CLAIMS, DSL.inline("sid"))
                    .eq(filter.sidClaim().get()));
        }
        return condition;
    }

    @Override
    public Mono<Cleanup> cleanupOrphaned(Instant since, Instant until, int limit) {
        String operation = "db.upstream_oauth_authorization_session.cleanup_orphaned";
        return Mono.fromRunnable(() -> Cleanups.requirePositive(limit))
                .thenMany(Flux.defer(() -> db.fetchLocking(operation, orphanedBatch(dsl, since, until, limit))))
                .map(Record1::value1)
                .collectList()
                .flatMap(ids -> ids.isEmpty()
                        ? Mono.just(Cleanup.NOTHING)
                        : db.fetch(operation, deleteBatch(dsl, ids.toArray(UUID[]::new)))
                                .map(row -> ulid(row.value1()).timestamp())
                                .collectList()
                                .map(Cleanups::batch));
    }

    /**
     * The batch of one {@link #cleanupOrphaned}, locked (SKIP LOCKED leaves sessions in use to a later batch):
     * sessions that belong to no browser session, created in {@code [since, until)}, oldest first. The partial index
     * on the id of sessions without a browser session serves the range, the order and the limit.
     */
    static Select<Record1<UUID>> orphanedBatch(DSLContext dsl, Instant since, Instant until, int limit) {
        return dsl.select(SESSIONS.UPSTREAM_OAUTH_AUTHORIZATION_SESSION_ID)
                .from(SESSIONS)
                .where(SESSIONS.USER_SESSION_ID.isNull())
                .and(JooqUpstreamOAuthLinkRepository.createdIn(
                        SESSIONS.UPSTREAM_OAUTH_AUTHORIZATION_SESSION_ID, since, until))
                .orderBy(SESSIONS.UPSTREAM_OAUTH_AUTHORIZATION_SESSION_ID)
                .limit(limit)
                .forUpdate()
                .skipLocked();
    }

    /**
     * Deletes the batch by primary key. Two statements rather than {@code DELETE … WHERE id IN (batch)}: given that
     * subquery, PostgreSQL hashes the batch and scans the whole table for it.
     */
    static DeleteResultStep<Record1<UUID>> deleteBatch(DSLContext dsl, UUID[] ids) {
        return dsl.deleteFrom(SESSIONS)
                .where(SESSIONS.UPSTREAM_OAUTH_AUTHORIZATION_SESSION_ID.eq(DSL.any(ids)))
                .returningResult(SESSIONS.UPSTREAM_OAUTH_AUTHORIZATION_SESSION_ID);
    }

    static UpstreamOAuthAuthorizationSession session(UpstreamOauthAuthorizationSessionsRecord row) {
        Ulid id = ulid(row.getUpstreamOauthAuthorizationSessionId());
        return new UpstreamOAuthAuthorizationSession(
                id,
                ulid(row.getUpstreamOauthProviderId()),
                row.getState(),
                Optional.ofNullable(row.getCodeChallengeVerifier()),
                Optional.ofNullable(row.getNonce()),
                instant(row.getCreatedAt()),
                state(row, id));
    }

    /** The state the row's columns describe; a combination no operation writes is an inconsistency. */
    private static UpstreamOAuthAuthorizationSessionState state(UpstreamOauthAuthorizationSessionsRecord row, Ulid id) {
        UUID link = row.getUpstreamOauthLinkId();
        OffsetDateTime completed = row.getCompletedAt();
        OffsetDateTime consumed = row.getConsumedAt();
        OffsetDateTime unlinked = row.getUnlinkedAt();
        Optional<String> idToken = Optional.ofNullable(row.getIdToken());
        Optional<JsonValue> claims = JsonColumns.optionalValue(row.getIdTokenClaims(), TABLE, "id_token_claims", id);
        Optional<JsonValue> extra = JsonColumns.optionalValue(row.getExtraCallbackParameters(), TABLE,
                "extra_callback_parameters", id);
        Optional<JsonValue> userinfo = JsonColumns.optionalValue(row.getUserinfo(), TABLE, "userinfo", id);
        if (unlinked != null && completed != null) {
            return new UpstreamOAuthAuthorizationSessionState.Unlinked(instant(completed),
                    Optional.ofNullable(consumed).map(OffsetDateTime::toInstant), instant(unlinked), idToken, claims);
        }
        if (unlinked == null && link != null && completed != null) {
            return consumed == null
                    ? new UpstreamOAuthAuthorizationSessionState.Completed(instant(completed), ulid(link), idToken,
                            claims, extra, userinfo)
                    : new UpstreamOAuthAuthorizationSessionState.Consumed(instant(completed), instant(consumed),
                            ulid(link), idToken, claims, extra, userinfo);
        }
        if (link == null && completed == null && consumed == null && unlinked == null && idToken.isEmpty()
                && claims.isEmpty() && extra.isEmpty() && userinfo.isEmpty()) {
            return UpstreamOAuthAuthorizationSessionState.PENDING;
        }
        throw new InconsistencyException(TABLE, "completed_at", id,
                "its link, completion, consumption and unlinking columns describe no state a session can be in");
    }
}
