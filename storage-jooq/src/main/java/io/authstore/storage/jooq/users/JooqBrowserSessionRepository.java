package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.COMPAT_SESSIONS;
import static io.authstore.snapshot.Tables.OAUTH2_DEVICE_CODE_GRANT;
import static io.authstore.snapshot.Tables.OAUTH2_SESSIONS;
import static io.authstore.snapshot.Tables.UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS;
import static io.authstore.snapshot.Tables.USERS;
import static io.authstore.snapshot.Tables.USER_SESSIONS;
import static io.authstore.snapshot.Tables.USER_SESSION_AUTHENTICATIONS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalAddress;
import static io.authstore.storage.jooq.Convert.optionalInstant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.snapshot.tables.records.UserSessionAuthenticationsRecord;
import io.authstore.snapshot.tables.records.UserSessionsRecord;
import io.authstore.snapshot.tables.records.UsersRecord;
import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Cleanups;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.SessionActivity;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.jooq.upstream.JooqUpstreamOAuthSessionRepository;
import io.authstore.storage.users.ActivityRecord;
import io.authstore.storage.users.Authentication;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.BrowserSessionFilter;
import io.authstore.storage.users.BrowserSessionRepository;
import io.authstore.storage.users.Password;
import io.authstore.storage.users.User;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectJoinStep;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class JooqBrowserSessionRepository implements BrowserSessionRepository {

    private static final String TABLE = "user_sessions";
    private static final String AUTHENTICATIONS = "user_session_authentications";

    private final Statements db;
    private final DSLContext dsl;
    /** recordBatchActivity, and the id-ordered locking of every batch that changes several sessions. */
    private final SessionActivity<UserSessionsRecord> activity;

    public JooqBrowserSessionRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
        this.activity = new SessionActivity<>(statements, USER_SESSIONS.USER_SESSION_ID, USER_SESSIONS.LAST_ACTIVE_AT,
                USER_SESSIONS.LAST_ACTIVE_IP);
    }

    // Runs on every request of a logged-in browser: rendered once (PreparedQuery).
    private static final PreparedQuery<Record> BY_ID = PreparedQuery.of(sessionsWithTheirUsers()
            .where(PreparedQuery.eqValue(USER_SESSIONS.USER_SESSION_ID)));

    @Override
    public Mono<BrowserSession> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.browser_session.lookup", BY_ID.with(uuid(id))))
                .map(JooqBrowserSessionRepository::browserSession);
    }

    // Runs on every login: rendered once (PreparedQuery), its values bound per call.
    private static final PreparedQuery<UserSessionsRecord> ADD = PreparedQuery.of(PreparedQuery.insertInto(USER_SESSIONS,
            USER_SESSIONS.USER_SESSION_ID, USER_SESSIONS.USER_ID, USER_SESSIONS.CREATED_AT, USER_SESSIONS.USER_AGENT)
            .returning());

    @Override
    public Mono<BrowserSession> add(Clock clock, RandomSource random, User user, Optional<String> userAgent) {
        if (Text.hasNul(userAgent.orElse(null))) {
            return Text.refused("userAgent");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchInserted("db.browser_session.add",
                            ADD.with(uuid(id), uuid(user.id()), timestamp(now), userAgent.orElse(null)),
                            USER_SESSIONS.USER_SESSION_ID, id)
                    .map(row -> browserSession(row, user));
        });
    }

    // COALESCE: finishing again succeeds, as in MAS, but keeps the time the session first ended.
    private static final PreparedQuery<UserSessionsRecord> FINISH = PreparedQuery.of(DSL.update(USER_SESSIONS)
            .set(USER_SESSIONS.FINISHED_AT,
                    DSL.coalesce(USER_SESSIONS.FINISHED_AT, PreparedQuery.value(USER_SESSIONS.FINISHED_AT)))
            .where(PreparedQuery.eqValue(USER_SESSIONS.USER_SESSION_ID))
            .returning());

    @Override
    public Mono<BrowserSession> finish(Clock clock, BrowserSession session) {
        return Mono.defer(() -> db.changeReturning("db.browser_session.finish",
                        FINISH.with(timestamp(clock.now()), uuid(session.id())), TABLE, session.id()))
                .map(row -> browserSession(row, session.user()));
    }

    @Override
    public Mono<Long> finishBulk(Clock clock, BrowserSessionFilter filter) {
        return Mono.defer(() -> {
                    var locked = activity.lockedInIdOrder(condition(filter).and(USER_SESSIONS.FINISHED_AT.isNull()));
                    return db.execute("db.browser_session.finish_bulk", dsl.with(locked)
                            .update(USER_SESSIONS)
                            .set(USER_SESSIONS.FINISHED_AT, timestamp(clock.now()))
                            .where(activity.isIn(locked)));
                })
                .map(Integer::longValue);
    }

    @Override
    public Mono<Page<BrowserSession>> list(BrowserSessionFilter filter, Pagination pagination) {
        return db.fetchPage("db.browser_session.list", sessionsWithTheirUsers().where(condition(filter)),
                        USER_SESSIONS.USER_SESSION_ID,
                        row -> row.get(USER_SESSIONS.USER_SESSION_ID),
                        pagination)
                .map(page -> page.map(JooqBrowserSessionRepository::browserSession));
    }

    /**
     * Sessions joined to their users, as flat columns: {@code select(USER_SESSIONS, USERS)} would render two
     * {@code ROW(…)} values, which the server builds and the driver hands back as text to parse, for every row.
     */
    private static SelectJoinStep<Record> sessionsWithTheirUsers() {
        return DSL.select(USER_SESSIONS.fields())
                .select(USERS.fields())
                .from(USER_SESSIONS)
                .join(USERS).on(USERS.USER_ID.eq(USER_SESSIONS.USER_ID));
    }

    private static BrowserSession browserSession(Record row) {
        return browserSession(row.into(USER_SESSIONS), row.into(USERS));
    }

    @Override
    public Mono<Long> count(BrowserSessionFilter filter) {
        return db.count("db.browser_session.count", USER_SESSIONS, condition(filter));
    }

    // Run on every login: rendered once (PreparedQuery). An authentication names what it used in one of two columns.
    private static final PreparedQuery<UserSessionAuthenticationsRecord> ADD_PASSWORD_AUTHENTICATION =
            addAuthentication(USER_SESSION_AUTHENTICATIONS.USER_PASSWORD_ID);
    private static final PreparedQuery<UserSessionAuthenticationsRecord> ADD_UPSTREAM_AUTHENTICATION =
            addAuthentication(USER_SESSION_AUTHENTICATIONS.UPSTREAM_OAUTH_AUTHORIZATION_SESSION_ID);
    private static final PreparedQuery<Record> LINK_UPSTREAM_SESSION = PreparedQuery.of(
            DSL.update(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS)
                    .set(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.USER_SESSION_ID,
                            PreparedQuery.value(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.USER_SESSION_ID))
                    .where(PreparedQuery.eqValue(
                            UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.UPSTREAM_OAUTH_AUTHORIZATION_SESSION_ID))
                    .and(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.USER_SESSION_ID.isNull()));

    /** The insert of an authentication that used what {@code usedColumn} points at. */
    private static PreparedQuery<UserSessionAuthenticationsRecord> addAuthentication(
            TableField<UserSessionAuthenticationsRecord, UUID> usedColumn) {
        return PreparedQuery.of(PreparedQuery.insertInto(USER_SESSION_AUTHENTICATIONS,
                USER_SESSION_AUTHENTICATIONS.USER_SESSION_AUTHENTICATION_ID,
                USER_SESSION_AUTHENTICATIONS.USER_SESSION_ID, USER_SESSION_AUTHENTICATIONS.CREATED_AT, usedColumn)
                .returning());
    }

    @Override
    public Mono<Authentication> authenticateWithPassword(
            Clock clock, RandomSource random, BrowserSession session, Password password) {
        return Mono.fromRunnable(() -> {
                    requireActive(session, "authenticate");
                    if (!password.userId().equals(session.user().id())) {
                        throw new IllegalArgumentException("password " + password.id() + " belongs to user "
                                + password.userId() + ", not to the session's user " + session.user().id());
                    }
                })
                .then(addAuthentication("db.browser_session.authenticate_with_password", clock, random, session,
                        ADD_PASSWORD_AUTHENTICATION, password.id()));
    }

    @Override
    public Mono<Authentication> authenticateWithUpstream(
            Clock clock, RandomSource random, BrowserSession session, Ulid upstreamOAuthAuthorizationSessionId) {
        String operation = "db.browser_session.authenticate_with_upstream";
        // The authorization session then belongs to this browser session, unless it already belongs to one:
        // linkedToUpstreamSessions filters on it. The trigger on user_session_authentications (V9, as in MAS) does
        // the same for rows written by other means; here it finds the work done.
        return Mono.fromRunnable(() -> requireActive(session, "authenticate"))
                .then(addAuthentication(operation, clock, random, session, ADD_UPSTREAM_AUTHENTICATION,
                        upstreamOAuthAuthorizationSessionId))
                .flatMap(authentication -> db.execute(operation, LINK_UPSTREAM_SESSION.with(
                                uuid(session.id()), uuid(upstreamOAuthAuthorizationSessionId)))
                        .thenReturn(authentication));
    }

    private static void requireActive(BrowserSession session, String transition) {
        InvalidTransitionException.check(session.isActive(), "browser session", session.id(), transition,
                "it is finished");
    }

    private Mono<Authentication> addAuthentication(
            String operation, Clock clock, RandomSource random, BrowserSession session,
            PreparedQuery<UserSessionAuthenticationsRecord> insert, Ulid used) {
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchInserted(operation, insert.with(uuid(id), uuid(session.id()), timestamp(now), uuid(used)),
                            USER_SESSION_AUTHENTICATIONS.USER_SESSION_AUTHENTICATION_ID, id)
                    .map(JooqBrowserSessionRepository::authentication);
        });
    }

    private static final PreparedQuery<UserSessionAuthenticationsRecord> LAST_AUTHENTICATION = PreparedQuery.of(
            DSL.selectFrom(USER_SESSION_AUTHENTICATIONS)
                    .where(PreparedQuery.eqValue(USER_SESSION_AUTHENTICATIONS.USER_SESSION_ID))
                    .orderBy(USER_SESSION_AUTHENTICATIONS.USER_SESSION_AUTHENTICATION_ID.desc())
                    .limit(1));

    @Override
    public Mono<Authentication> lastAuthentication(BrowserSession session) {
        return Mono.defer(() -> db.fetchOptional("db.browser_session.last_authentication",
                        LAST_AUTHENTICATION.with(uuid(session.id()))))
                .map(JooqBrowserSessionRepository::authentication);
    }

    @Override
    public Mono<Void> recordBatchActivity(Collection<ActivityRecord> records) {
        return activity.record("db.browser_session.record_batch_activity", records);
    }

    @Override
    public Mono<Cleanup> cleanupFinished(Instant since, Instant until, int limit) {
        Condition unreferenced = DSL.notExists(DSL.selectOne().from(OAUTH2_SESSIONS)
                        .where(OAUTH2_SESSIONS.USER_SESSION_ID.eq(USER_SESSIONS.USER_SESSION_ID)))
                .andNotExists(DSL.selectOne().from(COMPAT_SESSIONS)
                        .where(COMPAT_SESSIONS.USER_SESSION_ID.eq(USER_SESSIONS.USER_SESSION_ID)))
                .andNotExists(DSL.selectOne().from(OAUTH2_DEVICE_CODE_GRANT)
                        .where(OAUTH2_DEVICE_CODE_GRANT.USER_SESSION_ID.eq(USER_SESSIONS.USER_SESSION_ID)));
        return Mono.fromRunnable(() -> Cleanups.requirePositive(limit))
                .thenMany(Flux.defer(() -> db.fetchLocking("db.browser_session.cleanup_finished",
                        dsl.select(USER_SESSIONS.USER_SESSION_ID)
                        .from(USER_SESSIONS)
                        .where(Cleanups.window(USER_SESSIONS.FINISHED_AT, since, until))
                        .and(unreferenced)
                        .orderBy(USER_SESSIONS.FINISHED_AT, USER_SESSIONS.USER_SESSION_ID)
                        .limit(limit)
                        .forUpdate()
                        .skipLocked())))
                .map(row -> row.value1())
                .collectList()
                .flatMap(ids -> ids.isEmpty() ? Mono.just(Cleanup.NOTHING) : deleteSessions(ids));
    }

    private Mono<Cleanup> deleteSessions(List<UUID> ids) {
        UUID[] batch = ids.toArray(UUID[]::new);
        return db.execute("db.browser_session.cleanup_finished", dsl.deleteFrom(USER_SESSION_AUTHENTICATIONS)
                        .where(USER_SESSION_AUTHENTICATIONS.USER_SESSION_ID.eq(DSL.any(batch))))
                .then(db.fetch("db.browser_session.cleanup_finished", dsl.deleteFrom(USER_SESSIONS)
                                .where(USER_SESSIONS.USER_SESSION_ID.eq(DSL.any(batch)))
                                .returningResult(USER_SESSIONS.FINISHED_AT))
                        .map(row -> instant(row.value1()))
                        .collectList())
                .map(Cleanups::batch);
    }

    @Override
    public Mono<Cleanup> cleanupInactiveIps(Instant since, Instant threshold, int limit) {
        return activity.clearInactiveIps("db.browser_session.cleanup_inactive_ips", since, threshold, limit);
    }

    /** The one place a {@link BrowserSessionFilter} becomes SQL: list, count and finishBulk share it. */
    public static Condition condition(BrowserSessionFilter filter) {
        Condition condition = DSL.noCondition();
        if (filter.userId().isPresent()) {
            condition = condition.and(USER_SESSIONS.USER_ID.eq(uuid(filter.userId().get())));
        }
        if (filter.state().isPresent()) {
            condition = condition.and(switch (filter.state().get()) {
                case ACTIVE -> USER_SESSIONS.FINISHED_AT.isNull();
                case FINISHED -> USER_SESSIONS.FINISHED_AT.isNotNull();
            });
        }
        if (filter.lastActiveBefore().isPresent()) {
            condition = condition.and(USER_SESSIONS.LAST_ACTIVE_AT.lt(timestamp(filter.lastActiveBefore().get())));
        }
        if (filter.lastActiveAfter().isPresent()) {
            condition = condition.and(USER_SESSIONS.LAST_ACTIVE_AT.gt(timestamp(filter.lastActiveAfter().get())));
        }
        // Ids start with their creation time, so these are range checks on the primary key.
        if (filter.createdBefore().isPresent()) {
            condition = condition.and(USER_SESSIONS.USER_SESSION_ID.lt(
                    uuid(Ulid.createdAtOrAfter(filter.createdBefore().get()))));
        }
        if (filter.createdAfter().isPresent()) {
            condition = condition.and(USER_SESSIONS.USER_SESSION_ID.gt(
                    uuid(Ulid.createdAtOrBefore(filter.createdAfter().get()))));
        }
        if (filter.linkedToUpstreamSessions().isPresent()) {
            condition = condition.and(USER_SESSIONS.USER_SESSION_ID.in(
                    DSL.select(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.USER_SESSION_ID)
                            .from(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS)
                            .where(JooqUpstreamOAuthSessionRepository.condition(
                                    filter.linkedToUpstreamSessions().get()))));
        }
        return condition;
    }

    static Authentication authentication(UserSessionAuthenticationsRecord row) {
        Ulid id = ulid(row.getUserSessionAuthenticationId());
        UUID password = row.getUserPasswordId();
        UUID upstream = row.getUpstreamOauthAuthorizationSessionId();
        if (password != null && upstream != null) {
            throw new InconsistencyException(AUTHENTICATIONS, "upstream_oauth_authorization_session_id",
                    id, "set together with user_password_id; an authentication uses one or the other");
        }
        Authentication.Method method = password != null
                ? new Authentication.Method.ByPassword(ulid(password))
                : upstream != null
                        ? new Authentication.Method.ByUpstreamOAuth(ulid(upstream))
                        : new Authentication.Method.Unknown();
        return new Authentication(id, ulid(row.getUserSessionId()), instant(row.getCreatedAt()), method);
    }

    static BrowserSession browserSession(UserSessionsRecord row, UsersRecord user) {
        return browserSession(row, JooqUserRepository.user(user));
    }

    static BrowserSession browserSession(UserSessionsRecord row, User user) {
        return new BrowserSession(
                ulid(row.getUserSessionId()),
                user,
                instant(row.getCreatedAt()),
                SessionState.finishedAt(instant(row.getFinishedAt())),
                Optional.ofNullable(row.getUserAgent()),
                optionalInstant(row.getLastActiveAt()),
                optionalAddress(row.getLastActiveIp()));
    }
}
