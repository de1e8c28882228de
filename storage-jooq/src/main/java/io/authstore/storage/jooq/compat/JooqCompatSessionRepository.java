package io.authstore.storage.jooq.compat;

import static io.authstore.snapshot.Tables.COMPAT_ACCESS_TOKENS;
import static io.authstore.snapshot.Tables.COMPAT_REFRESH_TOKENS;
import static io.authstore.snapshot.Tables.COMPAT_SESSIONS;
import static io.authstore.snapshot.Tables.COMPAT_SSO_LOGINS;
import static io.authstore.snapshot.Tables.USER_SESSIONS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalAddress;
import static io.authstore.storage.jooq.Convert.optionalInstant;
import static io.authstore.storage.jooq.Convert.optionalUlid;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;
import static io.authstore.storage.jooq.PreparedQuery.eqValue;
import static io.authstore.storage.jooq.PreparedQuery.value;

import io.authstore.snapshot.tables.records.CompatSessionsRecord;
import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
import io.authstore.storage.compat.CompatSession;
import io.authstore.storage.compat.CompatSessionFilter;
import io.authstore.storage.compat.CompatSessionRepository;
import io.authstore.storage.compat.CompatSessionWithLogin;
import io.authstore.storage.compat.CompatSsoLogin;
import io.authstore.storage.jooq.Cleanups;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.SessionActivity;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.users.JooqBrowserSessionRepository;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.users.ActivityRecord;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.RowCountQuery;
import org.jooq.Select;
import org.jooq.SelectJoinStep;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class JooqCompatSessionRepository implements CompatSessionRepository {

    private static final String TABLE = "compat_sessions";

    private final Statements db;
    private final DSLContext dsl;
    private final SessionActivity<CompatSessionsRecord> activity;

    public JooqCompatSessionRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
        this.activity = new SessionActivity<>(statements, COMPAT_SESSIONS.COMPAT_SESSION_ID,
                COMPAT_SESSIONS.LAST_ACTIVE_AT, COMPAT_SESSIONS.LAST_ACTIVE_IP);
    }

    /** Runs on every compat token check (after the token itself): rendered once. */
    private static final PreparedQuery<CompatSessionsRecord> BY_ID =
            PreparedQuery.lookup(COMPAT_SESSIONS, COMPAT_SESSIONS.COMPAT_SESSION_ID);

    @Override
    public Mono<CompatSession> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.compat_session.lookup", BY_ID.with(uuid(id))))
                .map(JooqCompatSessionRepository::session);
    }

    // Runs on every compat login: rendered once.
    private static final PreparedQuery<CompatSessionsRecord> ADD = PreparedQuery.of(PreparedQuery.insertInto(COMPAT_SESSIONS,
            COMPAT_SESSIONS.COMPAT_SESSION_ID, COMPAT_SESSIONS.USER_ID, COMPAT_SESSIONS.DEVICE_ID,
            COMPAT_SESSIONS.USER_SESSION_ID, COMPAT_SESSIONS.CREATED_AT, COMPAT_SESSIONS.IS_SYNAPSE_ADMIN,
            COMPAT_SESSIONS.HUMAN_NAME)
            .returning());

    @Override
    public Mono<CompatSession> add(
            Clock clock,
            RandomSource random,
            User user,
            String deviceId,
            Optional<BrowserSession> browserSession,
            boolean synapseAdmin,
            Optional<String> humanName) {
        if (Text.hasNul(deviceId)) {
            return Text.refused("deviceId");
        }
        if (Text.hasNul(humanName.orElse(null))) {
            return Text.refused("humanName");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchInserted("db.compat_session.add", ADD.with(uuid(id), uuid(user.id()), deviceId,
                            browserSession.map(s -> uuid(s.id())).orElse(null), timestamp(now), synapseAdmin,
                            humanName.orElse(null)), COMPAT_SESSIONS.COMPAT_SESSION_ID, id)
                    .map(JooqCompatSessionRepository::session);
        });
    }

    private static final PreparedQuery<Record> FINISH = PreparedQuery.of(DSL.update(COMPAT_SESSIONS)
            .set(COMPAT_SESSIONS.FINISHED_AT, value(COMPAT_SESSIONS.FINISHED_AT))
            .where(eqValue(COMPAT_SESSIONS.COMPAT_SESSION_ID))
            .and(COMPAT_SESSIONS.FINISHED_AT.isNull()));

    @Override
    public Mono<CompatSession> finish(Clock clock, CompatSession session) {
        return db.change("db.compat_session.finish", () -> session.finish(clock.now()),
                finished -> FINISH.with(timestamp(finished.finishedAt().orElseThrow()), uuid(session.id())),
                TABLE, session.id());
    }

    @Override
    public Mono<Long> finishBulk(Clock clock, CompatSessionFilter filter) {
        return Mono.defer(() -> {
                    if (Text.hasNul(filter.deviceId().orElse(null))) {
                        return Text.<Integer>refused("deviceId");
                    }
                    var locked = activity.lockedInIdOrder(condition(filter).and(COMPAT_SESSIONS.FINISHED_AT.isNull()));
                    return db.execute("db.compat_session.finish_bulk", dsl.with(locked)
                            .update(COMPAT_SESSIONS)
                            .set(COMPAT_SESSIONS.FINISHED_AT, timestamp(clock.now()))
                            .where(activity.isIn(locked)));
                })
                .map(Integer::longValue);
    }

    @Override
    public Mono<Page<CompatSessionWithLogin>> list(CompatSessionFilter filter, Pagination pagination) {
        if (Text.hasNul(filter.deviceId().orElse(null))) {
            return Text.refused("deviceId");
        }
        return Mono.defer(() -> db.fetchPage("db.compat_session.list", sessionsWithTheirLogins()
                                .where(condition(filter)),
                        COMPAT_SESSIONS.COMPAT_SESSION_ID,
                        row -> row.get(COMPAT_SESSIONS.COMPAT_SESSION_ID),
                        pagination))
                .map(page -> page.map(JooqCompatSessionRepository::sessionWithLogin));
    }

    /** Sessions with the SSO login exchanged for them, as flat columns. */
    private SelectJoinStep<Record> sessionsWithTheirLogins() {
        return dsl.select(COMPAT_SESSIONS.fields())
                .select(COMPAT_SSO_LOGINS.fields())
                .from(COMPAT_SESSIONS)
                .leftJoin(COMPAT_SSO_LOGINS)
                .on(COMPAT_SSO_LOGINS.COMPAT_SESSION_ID.eq(COMPAT_SESSIONS.COMPAT_SESSION_ID));
    }

    private static CompatSessionWithLogin sessionWithLogin(Record row) {
        CompatSession session = session(row.into(COMPAT_SESSIONS));
        Optional<CompatSsoLogin> login = row.get(COMPAT_SSO_LOGINS.COMPAT_SSO_LOGIN_ID) == null
                ? Optional.empty()
                : Optional.of(JooqCompatSsoLoginRepository.login(row.into(COMPAT_SSO_LOGINS)));
        return new CompatSessionWithLogin(session, login);
    }

    @Override
    public Mono<Long> count(CompatSessionFilter filter) {
        if (Text.hasNul(filter.deviceId().orElse(null))) {
            return Text.refused("deviceId");
        }
        return Mono.defer(() -> db.count("db.compat_session.count", COMPAT_SESSIONS, condition(filter)));
    }

    @Override
    public Mono<Void> recordBatchActivity(Collection<ActivityRecord> records) {
        return activity.record("db.compat_session.record_batch_activity", records);
    }

    // Rendered once, bound per call.
    private static final PreparedQuery<Record> SET_USER_AGENT = PreparedQuery.of(DSL.update(COMPAT_SESSIONS)
            .set(COMPAT_SESSIONS.USER_AGENT, value(COMPAT_SESSIONS.USER_AGENT))
            .where(eqValue(COMPAT_SESSIONS.COMPAT_SESSION_ID)));
    private static final PreparedQuery<Record> SET_HUMAN_NAME = PreparedQuery.of(DSL.update(COMPAT_SESSIONS)
            .set(COMPAT_SESSIONS.HUMAN_NAME, value(COMPAT_SESSIONS.HUMAN_NAME))
            .where(eqValue(COMPAT_SESSIONS.COMPAT_SESSION_ID)));

    @Override
    public Mono<CompatSession> recordUserAgent(CompatSession session, String userAgent) {
        if (Text.hasNul(userAgent)) {
            return Text.refused("userAgent");
        }
        return Mono.defer(() -> db.executeExactlyOne("db.compat_session.record_user_agent",
                        SET_USER_AGENT.with(userAgent, uuid(session.id())), TABLE, session.id()))
                .thenReturn(session.withUserAgent(userAgent));
    }

    @Override
    public Mono<CompatSession> setHumanName(CompatSession session, Optional<String> humanName) {
        if (Text.hasNul(humanName.orElse(null))) {
            return Text.refused("humanName");
        }
        return Mono.defer(() -> db.executeExactlyOne("db.compat_session.set_human_name",
                        SET_HUMAN_NAME.with(humanName.orElse(null), uuid(session.id())), TABLE, session.id()))
                .thenReturn(session.withHumanName(humanName));
    }

    @Override
    public Mono<Cleanup> cleanupFinished(Instant since, Instant until, int limit) {
        String operation = "db.compat_session.cleanup_finished";
        return Mono.fromRunnable(() -> Cleanups.requirePositive(limit))
                .thenMany(Flux.defer(() -> db.fetchLocking(operation, finishedBatch(dsl, since, until, limit))))
                .map(row -> row.value1())
                .collectList()
                .flatMap(ids -> ids.isEmpty() ? Mono.just(Cleanup.NOTHING) : deleteSessions(operation, ids));
    }

    /** The ids of the next batch of finished sessions, oldest first, locked; rows in use are left to a later batch. */
    static Select<Record1<UUID>> finishedBatch(DSLContext dsl, Instant since, Instant until, int limit) {
        return dsl.select(COMPAT_SESSIONS.COMPAT_SESSION_ID)
                .from(COMPAT_SESSIONS)
                .where(Cleanups.window(COMPAT_SESSIONS.FINISHED_AT, since, until))
                .orderBy(COMPAT_SESSIONS.FINISHED_AT, COMPAT_SESSIONS.COMPAT_SESSION_ID)
                .limit(limit)
                .forUpdate()
                .skipLocked();
    }

    /** Deleting a batch: refresh tokens first (they reference access tokens), access tokens, SSO logins. */
    static List<RowCountQuery> deleteDependents(DSLContext dsl, UUID[] batch) {
        return List.of(
                dsl.deleteFrom(COMPAT_REFRESH_TOKENS).where(COMPAT_REFRESH_TOKENS.COMPAT_SESSION_ID.eq(DSL.any(batch))),
                dsl.deleteFrom(COMPAT_ACCESS_TOKENS).where(COMPAT_ACCESS_TOKENS.COMPAT_SESSION_ID.eq(DSL.any(batch))),
                dsl.deleteFrom(COMPAT_SSO_LOGINS).where(COMPAT_SSO_LOGINS.COMPAT_SESSION_ID.eq(DSL.any(batch))));
    }

    private Mono<Cleanup> deleteSessions(String operation, List<UUID> ids) {
        UUID[] batch = ids.toArray(UUID[]::new);
        return Flux.fromIterable(deleteDependents(dsl, batch))
                .concatMap(delete -> db.execute(operation, delete))
                .then(db.fetch(operation, dsl.deleteFrom(COMPAT_SESSIONS)
                                .where(COMPAT_SESSIONS.COMPAT_SESSION_ID.eq(DSL.any(batch)))
                                .returningResult(COMPAT_SESSIONS.FINISHED_AT))
                        .map(row -> instant(row.value1()))
                        .collectList())
                .map(Cleanups::batch);
    }

    @Override
    public Mono<Cleanup> cleanupInactiveIps(Instant since, Instant threshold, int limit) {
        return activity.clearInactiveIps("db.compat_session.cleanup_inactive_ips", since, threshold, limit);
    }

    /** The statement of one cleanupInactiveIps batch (tests EXPLAIN it). */
    static ResultQuery<Record1<OffsetDateTime>> inactiveIpsBatch(
            DSLContext dsl, Instant since, Instant threshold, int limit) {
        return SessionActivity.inactiveIpsBatch(dsl, COMPAT_SESSIONS.COMPAT_SESSION_ID, COMPAT_SESSIONS.LAST_ACTIVE_AT,
                COMPAT_SESSIONS.LAST_ACTIVE_IP, since, threshold, limit);
    }

    /** The one place a {@link CompatSessionFilter} becomes SQL: list, count and finishBulk share it. */
    public static Condition condition(CompatSessionFilter filter) {
        Condition condition = DSL.noCondition();
        if (filter.userId().isPresent()) {
            condition = condition.and(COMPAT_SESSIONS.USER_ID.eq(uuid(filter.userId().get())));
        }
        if (filter.browserSessionId().isPresent()) {
            condition = condition.and(COMPAT_SESSIONS.USER_SESSION_ID.eq(uuid(filter.browserSessionId().get())));
        }
        if (filter.browserSessions().isPresent()) {
            condition = condition.and(COMPAT_SESSIONS.USER_SESSION_ID.in(DSL.select(USER_SESSIONS.USER_SESSION_ID)
                    .from(USER_SESSIONS)
                    .where(JooqBrowserSessionRepository.condition(filter.browserSessions().get()))));
        }
        if (filter.state().isPresent()) {
            condition = condition.and(switch (filter.state().get()) {
                case ACTIVE -> COMPAT_SESSIONS.FINISHED_AT.isNull();
                case FINISHED -> COMPAT_SESSIONS.FINISHED_AT.isNotNull();
            });
        }
        if (filter.authType().isPresent()) {
            Condition fromSsoLogin = DSL.exists(DSL.selectOne().from(COMPAT_SSO_LOGINS)
                    .where(COMPAT_SSO_LOGINS.COMPAT_SESSION_ID.eq(COMPAT_SESSIONS.COMPAT_SESSION_ID)));
            condition = condition.and(switch (filter.authType().get()) {
                case SSO_LOGIN -> fromSsoLogin;
                case UNKNOWN -> DSL.not(fromSsoLogin);
            });
        }
        if (filter.deviceId().isPresent()) {
            condition = condition.and(COMPAT_SESSIONS.DEVICE_ID.eq(filter.deviceId().get()));
        }
        if (filter.lastActiveBefore().isPresent()) {
            condition = condition.and(COMPAT_SESSIONS.LAST_ACTIVE_AT.lt(timestamp(filter.lastActiveBefore().get())));
        }
        if (filter.lastActiveAfter().isPresent()) {
            condition = condition.and(COMPAT_SESSIONS.LAST_ACTIVE_AT.gt(timestamp(filter.lastActiveAfter().get())));
        }
        // Ids start with their creation time, so these are range checks on the primary key.
        if (filter.createdBefore().isPresent()) {
            condition = condition.and(COMPAT_SESSIONS.COMPAT_SESSION_ID.lt(
                    uuid(Ulid.createdAtOrAfter(filter.createdBefore().get()))));
        }
        if (filter.createdAfter().isPresent()) {
            condition = condition.and(COMPAT_SESSIONS.COMPAT_SESSION_ID.gt(
                    uuid(Ulid.createdAtOrBefore(filter.createdAfter().get()))));
        }
        return condition;
    }

    public static CompatSession session(CompatSessionsRecord row) {
        return new CompatSession(
                ulid(row.getCompatSessionId()),
                ulid(row.getUserId()),
                Optional.ofNullable(row.getDeviceId()),
                optionalUlid(row.getUserSessionId()),
                row.getIsSynapseAdmin(),
                instant(row.getCreatedAt()),
                SessionState.finishedAt(instant(row.getFinishedAt())),
                Optional.ofNullable(row.getUserAgent()),
                Optional.ofNullable(row.getHumanName()),
                optionalInstant(row.getLastActiveAt()),
                optionalAddress(row.getLastActiveIp()));
    }
}
