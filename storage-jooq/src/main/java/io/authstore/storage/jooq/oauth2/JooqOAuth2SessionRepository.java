package io.authstore.storage.jooq.oauth2;

import static io.authstore.snapshot.Tables.OAUTH2_CLIENTS;
import static io.authstore.snapshot.Tables.OAUTH2_SESSIONS;
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

import io.authstore.snapshot.tables.records.Oauth2SessionsRecord;
import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.InconsistencyException;
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
import io.authstore.storage.jooq.users.JooqBrowserSessionRepository;
import io.authstore.storage.oauth2.Devices;
import io.authstore.storage.oauth2.OAuth2Client;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.OAuth2SessionFilter;
import io.authstore.storage.oauth2.OAuth2SessionRepository;
import io.authstore.storage.oauth2.Scope;
import io.authstore.storage.users.ActivityRecord;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class JooqOAuth2SessionRepository implements OAuth2SessionRepository {

    static final String TABLE = "oauth2_sessions";

    /** Runs on every token check (after the token itself): rendered once. */
    private static final PreparedQuery<Oauth2SessionsRecord> BY_ID =
            PreparedQuery.lookup(OAUTH2_SESSIONS, OAUTH2_SESSIONS.OAUTH2_SESSION_ID);

    private final Statements db;
    private final DSLContext dsl;
    /** recordBatchActivity, cleanupInactiveIps, and the id-ordered locking of finishBulk. */
    private final SessionActivity<Oauth2SessionsRecord> activity;

    public JooqOAuth2SessionRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
        this.activity = new SessionActivity<>(statements, OAUTH2_SESSIONS.OAUTH2_SESSION_ID,
                OAUTH2_SESSIONS.LAST_ACTIVE_AT, OAUTH2_SESSIONS.LAST_ACTIVE_IP);
    }

    @Override
    public Mono<OAuth2Session> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.oauth2_session.lookup", BY_ID.with(uuid(id))))
                .map(JooqOAuth2SessionRepository::session);
    }

    // Every code, device-code and client-credentials grant starts a session: rendered once, bound per call.
    private static final PreparedQuery<Oauth2SessionsRecord> ADD = PreparedQuery.of(PreparedQuery.insertInto(OAUTH2_SESSIONS,
            OAUTH2_SESSIONS.OAUTH2_SESSION_ID, OAUTH2_SESSIONS.USER_ID, OAUTH2_SESSIONS.USER_SESSION_ID,
            OAUTH2_SESSIONS.OAUTH2_CLIENT_ID, OAUTH2_SESSIONS.SCOPE_LIST, OAUTH2_SESSIONS.CREATED_AT)
            .returning());

    @Override
    public Mono<OAuth2Session> add(Clock clock, RandomSource random, OAuth2Client client, Optional<User> user,
            Optional<BrowserSession> browserSession, Scope scope) {
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchInserted("db.oauth2_session.add", ADD.with(uuid(id),
                            user.map(u -> uuid(u.id())).orElse(null),
                            browserSession.map(s -> uuid(s.id())).orElse(null),
                            uuid(client.id()), scope.toArray(), timestamp(now)),
                            OAUTH2_SESSIONS.OAUTH2_SESSION_ID, id)
                    .map(JooqOAuth2SessionRepository::session);
        });
    }

    @Override
    public Mono<OAuth2Session> addFromBrowserSession(Clock clock, RandomSource random, OAuth2Client client,
            BrowserSession browserSession, Scope scope) {
        return add(clock, random, client, Optional.of(browserSession.user()), Optional.of(browserSession), scope);
    }

    @Override
    public Mono<OAuth2Session> addFromClientCredentials(Clock clock, RandomSource random, OAuth2Client client,
            Scope scope) {
        return add(clock, random, client, Optional.empty(), Optional.empty(), scope);
    }

    private static final PreparedQuery<Record> FINISH = PreparedQuery.of(DSL.update(OAUTH2_SESSIONS)
            .set(OAUTH2_SESSIONS.FINISHED_AT, value(OAUTH2_SESSIONS.FINISHED_AT))
            .where(eqValue(OAUTH2_SESSIONS.OAUTH2_SESSION_ID))
            .and(OAUTH2_SESSIONS.FINISHED_AT.isNull()));

    @Override
    public Mono<OAuth2Session> finish(Clock clock, OAuth2Session session) {
        return db.change("db.oauth2_session.finish", () -> session.finish(clock.now()),
                finished -> FINISH.with(timestamp(finished.finishedAt().orElseThrow()), uuid(session.id())),
                TABLE, session.id());
    }

    @Override
    public Mono<Long> finishBulk(Clock clock, OAuth2SessionFilter filter) {
        return Mono.defer(() -> {
                    var locked = activity.lockedInIdOrder(condition(filter).and(OAUTH2_SESSIONS.FINISHED_AT.isNull()));
                    return db.execute("db.oauth2_session.finish_bulk", dsl.with(locked)
                            .update(OAUTH2_SESSIONS)
                            .set(OAUTH2_SESSIONS.FINISHED_AT, timestamp(clock.now()))
                            .where(activity.isIn(locked)));
                })
                .map(Integer::longValue);
    }

    @Override
    public Mono<Page<OAuth2Session>> list(OAuth2SessionFilter filter, Pagination pagination) {
        return Mono.defer(() -> db.fetchPage("db.oauth2_session.list",
                        dsl.selectFrom(OAUTH2_SESSIONS).where(condition(filter)),
                        OAUTH2_SESSIONS.OAUTH2_SESSION_ID, Oauth2SessionsRecord::getOauth2SessionId, pagination))
                .map(page -> page.map(JooqOAuth2SessionRepository::session));
    }

    @Override
    public Mono<Long> count(OAuth2SessionFilter filter) {
        return Mono.defer(() -> db.count("db.oauth2_session.count", OAUTH2_SESSIONS, condition(filter)));
    }

    @Override
    public Mono<Void> recordBatchActivity(Collection<ActivityRecord> records) {
        return activity.record("db.oauth2_session.record_batch_activity", records);
    }

    private static final PreparedQuery<Record> SET_USER_AGENT = PreparedQuery.of(DSL.update(OAUTH2_SESSIONS)
            .set(OAUTH2_SESSIONS.USER_AGENT, value(OAUTH2_SESSIONS.USER_AGENT))
            .where(eqValue(OAUTH2_SESSIONS.OAUTH2_SESSION_ID)));

    @Override
    public Mono<OAuth2Session> recordUserAgent(OAuth2Session session, String userAgent) {
        if (Text.hasNul(userAgent)) {
            return Text.refused("userAgent");
        }
        return db.change("db.oauth2_session.record_user_agent", () -> session.withUserAgent(userAgent),
                changed -> SET_USER_AGENT.with(userAgent, uuid(session.id())), TABLE, session.id());
    }

    private static final PreparedQuery<Record> SET_HUMAN_NAME = PreparedQuery.of(DSL.update(OAUTH2_SESSIONS)
            .set(OAUTH2_SESSIONS.HUMAN_NAME, value(OAUTH2_SESSIONS.HUMAN_NAME))
            .where(eqValue(OAUTH2_SESSIONS.OAUTH2_SESSION_ID)));

    @Override
    public Mono<OAuth2Session> setHumanName(OAuth2Session session, Optional<String> humanName) {
        if (Text.hasNul(humanName.orElse(null))) {
            return Text.refused("humanName");
        }
        return db.change("db.oauth2_session.set_human_name", () -> session.withHumanName(humanName),
                changed -> SET_HUMAN_NAME.with(humanName.orElse(null), uuid(session.id())), TABLE, session.id());
    }

    @Override
    public Mono<Cleanup> cleanupFinished(Instant since, Instant until, int limit) {
        return Mono.fromRunnable(() -> Cleanups.requirePositive(limit))
                .thenMany(Flux.defer(() -> db.fetchLocking("db.oauth2_session.cleanup_finished",
                        OAuth2Cleanups.finishedSessions(dsl, since, until, limit))))
                .map(Record1::value1)
                .collectList()
                .flatMap(ids -> ids.isEmpty() ? Mono.just(Cleanup.NOTHING) : deleteSessions(ids));
    }

    /** The sessions with their tokens and the authorization grants exchanged for them (device grants cascade). */
    private Mono<Cleanup> deleteSessions(List<UUID> ids) {
        UUID[] batch = ids.toArray(UUID[]::new);
        String operation = "db.oauth2_session.cleanup_finished";
        return Flux.fromIterable(OAuth2Cleanups.finishedSessionChildren(dsl, batch))
                .concatMap(children -> db.execute(operation, children))
                .then(db.fetch(operation, OAuth2Cleanups.finishedSessionBatch(dsl, batch))
                        .map(row -> instant(row.value1()))
                        .collectList())
                .map(Cleanups::batch);
    }

    @Override
    public Mono<Cleanup> cleanupInactiveIps(Instant since, Instant threshold, int limit) {
        return activity.clearInactiveIps("db.oauth2_session.cleanup_inactive_ips", since, threshold, limit);
    }

    /** The one place an {@link OAuth2SessionFilter} becomes SQL: list, count and finishBulk share it. */
    public static Condition condition(OAuth2SessionFilter filter) {
        Condition condition = DSL.noCondition();
        if (filter.userId().isPresent()) {
            condition = condition.and(OAUTH2_SESSIONS.USER_ID.eq(uuid(filter.userId().get())));
        }
        if (filter.hasUser().isPresent()) {
            condition = condition.and(filter.hasUser().get()
                    ? OAUTH2_SESSIONS.USER_ID.isNotNull()
                    : OAUTH2_SESSIONS.USER_ID.isNull());
        }
        if (filter.clientId().isPresent()) {
            condition = condition.and(OAUTH2_SESSIONS.OAUTH2_CLIENT_ID.eq(uuid(filter.clientId().get())));
        }
        if (filter.clientIds().isPresent()) {
            UUID[] clients = filter.clientIds().get().stream().map(Ulid::toUuid).toArray(UUID[]::new);
            condition = condition.and(clients.length == 0
                    ? DSL.falseCondition()
                    : OAUTH2_SESSIONS.OAUTH2_CLIENT_ID.eq(DSL.any(clients)));
        }
        if (filter.isStaticClient().isPresent()) {
            var staticClients = DSL.select(OAUTH2_CLIENTS.OAUTH2_CLIENT_ID).from(OAUTH2_CLIENTS)
                    .where(OAUTH2_CLIENTS.IS_STATIC.isTrue());
            condition = condition.and(filter.isStaticClient().get()
                    ? OAUTH2_SESSIONS.OAUTH2_CLIENT_ID.in(staticClients)
                    : OAUTH2_SESSIONS.OAUTH2_CLIENT_ID.notIn(staticClients));
        }
        if (filter.deviceId().isPresent()) {
            condition = condition.and(holdsDevice(filter.deviceId().get()));
        }
        if (filter.browserSessionId().isPresent()) {
            condition = condition.and(OAUTH2_SESSIONS.USER_SESSION_ID.eq(uuid(filter.browserSessionId().get())));
        }
        if (filter.browserSessions().isPresent()) {
            condition = condition.and(OAUTH2_SESSIONS.USER_SESSION_ID.in(DSL.select(USER_SESSIONS.USER_SESSION_ID)
                    .from(USER_SESSIONS)
                    .where(JooqBrowserSessionRepository.condition(filter.browserSessions().get()))));
        }
        if (filter.state().isPresent()) {
            condition = condition.and(filter.state().get() == SessionState.Kind.ACTIVE
                    ? OAUTH2_SESSIONS.FINISHED_AT.isNull()
                    : OAUTH2_SESSIONS.FINISHED_AT.isNotNull());
        }
        if (filter.scope().isPresent()) {
            // @> on the text[] column: served by the GIN index oauth2_sessions_scope_list_idx.
            condition = condition.and(OAUTH2_SESSIONS.SCOPE_LIST.contains(filter.scope().get().toArray()));
        }
        if (filter.lastActiveBefore().isPresent()) {
            condition = condition.and(OAUTH2_SESSIONS.LAST_ACTIVE_AT.lt(timestamp(filter.lastActiveBefore().get())));
        }
        if (filter.lastActiveAfter().isPresent()) {
            condition = condition.and(OAUTH2_SESSIONS.LAST_ACTIVE_AT.gt(timestamp(filter.lastActiveAfter().get())));
        }
        if (filter.createdBefore().isPresent()) {
            condition = condition.and(OAUTH2_SESSIONS.OAUTH2_SESSION_ID.lt(
                    uuid(Ulid.createdAtOrAfter(filter.createdBefore().get()))));
        }
        if (filter.createdAfter().isPresent()) {
            condition = condition.and(OAUTH2_SESSIONS.OAUTH2_SESSION_ID.gt(
                    uuid(Ulid.createdAtOrBefore(filter.createdAfter().get()))));
        }
        return condition;
    }

    /** Sessions holding the device's scope token in either form; none when the id cannot be a scope token. */
    public static Condition holdsDevice(String deviceId) {
        return Devices.scopeTokens(deviceId)
                .map(tokens -> OAUTH2_SESSIONS.SCOPE_LIST.contains(new String[] {tokens.get(0)})
                        .or(OAUTH2_SESSIONS.SCOPE_LIST.contains(new String[] {tokens.get(1)})))
                .orElse(DSL.falseCondition());
    }

    public static OAuth2Session session(Oauth2SessionsRecord row) {
        Ulid id = ulid(row.getOauth2SessionId());
        return new OAuth2Session(
                id,
                SessionState.finishedAt(instant(row.getFinishedAt())),
                instant(row.getCreatedAt()),
                optionalUlid(row.getUserId()),
                optionalUlid(row.getUserSessionId()),
                ulid(row.getOauth2ClientId()),
                scope(TABLE, "scope_list", id, row.getScopeList()),
                Optional.ofNullable(row.getUserAgent()),
                optionalInstant(row.getLastActiveAt()),
                optionalAddress(row.getLastActiveIp()),
                Optional.ofNullable(row.getHumanName()));
    }

    static Scope scope(String table, String column, Ulid id, String[] tokens) {
        try {
            return Scope.of(Arrays.asList(tokens));
        } catch (IllegalArgumentException e) {
            throw new InconsistencyException(table, column, id, "not a scope: " + e.getMessage());
        }
    }
}
