package io.authstore.storage.jooq.personal;

import static io.authstore.snapshot.Tables.PERSONAL_ACCESS_TOKENS;
import static io.authstore.snapshot.Tables.PERSONAL_SESSIONS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalAddress;
import static io.authstore.storage.jooq.Convert.optionalInstant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;
import static io.authstore.storage.jooq.PreparedQuery.eqValue;
import static io.authstore.storage.jooq.PreparedQuery.value;

import io.authstore.snapshot.tables.records.PersonalSessionsRecord;
import io.authstore.storage.Clock;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.SessionActivity;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.oauth2.Devices;
import io.authstore.storage.personal.PersonalAccessToken;
import io.authstore.storage.personal.PersonalSession;
import io.authstore.storage.personal.PersonalSessionFilter;
import io.authstore.storage.personal.PersonalSessionOwner;
import io.authstore.storage.personal.PersonalSessionRepository;
import io.authstore.storage.personal.PersonalSessionState;
import io.authstore.storage.personal.PersonalSessionWithToken;
import io.authstore.storage.users.ActivityRecord;
import io.authstore.storage.users.User;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.Record;
import org.jooq.SelectJoinStep;
import org.jooq.Table;
import org.jooq.TableOnConditionStep;
import org.jooq.impl.DSL;
import reactor.core.publisher.Mono;

public final class JooqPersonalSessionRepository implements PersonalSessionRepository {

    private static final String TABLE = "personal_sessions";

    private final Statements db;
    private final DSLContext dsl;
    private final SessionActivity<PersonalSessionsRecord> activity;

    public JooqPersonalSessionRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
        this.activity = new SessionActivity<>(statements, PERSONAL_SESSIONS.PERSONAL_SESSION_ID,
                PERSONAL_SESSIONS.LAST_ACTIVE_AT, PERSONAL_SESSIONS.LAST_ACTIVE_IP);
    }

    /** Runs on every personal token check (after the token itself): rendered once. */
    private static final PreparedQuery<PersonalSessionsRecord> BY_ID =
            PreparedQuery.lookup(PERSONAL_SESSIONS, PERSONAL_SESSIONS.PERSONAL_SESSION_ID);

    @Override
    public Mono<PersonalSession> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.personal_session.lookup", BY_ID.with(uuid(id))))
                .map(JooqPersonalSessionRepository::session);
    }

    // Rendered once, bound per call.
    private static final PreparedQuery<PersonalSessionsRecord> ADD = PreparedQuery.of(PreparedQuery.insertInto(PERSONAL_SESSIONS,
            PERSONAL_SESSIONS.PERSONAL_SESSION_ID, PERSONAL_SESSIONS.OWNER_USER_ID,
            PERSONAL_SESSIONS.OWNER_OAUTH2_CLIENT_ID, PERSONAL_SESSIONS.ACTOR_USER_ID, PERSONAL_SESSIONS.HUMAN_NAME,
            PERSONAL_SESSIONS.SCOPE_LIST, PERSONAL_SESSIONS.CREATED_AT)
            .returning());

    @Override
    public Mono<PersonalSession> add(
            Clock clock, RandomSource random, PersonalSessionOwner owner, User actorUser, String humanName,
            Set<String> scope) {
        if (Text.hasNul(humanName)) {
            return Text.refused("humanName");
        }
        if (scope.stream().anyMatch(Text::hasNul)) {
            return Text.refused("scope");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            SortedSet<String> tokens = PersonalSession.scopeOf(scope);
            UUID ownerUser = owner instanceof PersonalSessionOwner.OwnerUser u ? uuid(u.userId()) : null;
            UUID ownerClient = owner instanceof PersonalSessionOwner.OwnerOAuth2Client c ? uuid(c.clientId()) : null;
            return db.fetchInserted("db.personal_session.add", ADD.with(uuid(id), ownerUser, ownerClient,
                            uuid(actorUser.id()), humanName, tokens.toArray(String[]::new), timestamp(now)),
                            PERSONAL_SESSIONS.PERSONAL_SESSION_ID, id)
                    .map(JooqPersonalSessionRepository::session);
        });
    }

    private static final PreparedQuery<Record> REVOKE = PreparedQuery.of(DSL.update(PERSONAL_SESSIONS)
            .set(PERSONAL_SESSIONS.REVOKED_AT, value(PERSONAL_SESSIONS.REVOKED_AT))
            .where(eqValue(PERSONAL_SESSIONS.PERSONAL_SESSION_ID))
            .and(PERSONAL_SESSIONS.REVOKED_AT.isNull()));

    @Override
    public Mono<PersonalSession> revoke(Clock clock, PersonalSession session) {
        // The session first: when it is gone or revoked meanwhile, nothing is changed.
        return db.change("db.personal_session.revoke", () -> session.revoke(clock.now()),
                        revoked -> REVOKE.with(timestamp(revokedAt(revoked)), uuid(session.id())),
                        TABLE, session.id())
                .flatMap(revoked -> db.execute("db.personal_session.revoke.tokens",
                                REVOKE_TOKENS.with(timestamp(revokedAt(revoked)), uuid(session.id())))
                        .thenReturn(revoked));
    }

    // Rendered once, bound per call.
    private static final PreparedQuery<Record> REVOKE_TOKENS = PreparedQuery.of(DSL.update(PERSONAL_ACCESS_TOKENS)
            .set(PERSONAL_ACCESS_TOKENS.REVOKED_AT, value(PERSONAL_ACCESS_TOKENS.REVOKED_AT))
            .where(eqValue(PERSONAL_ACCESS_TOKENS.PERSONAL_SESSION_ID))
            .and(PERSONAL_ACCESS_TOKENS.REVOKED_AT.isNull()));

    private static Instant revokedAt(PersonalSession session) {
        return ((PersonalSessionState.Revoked) session.state()).revokedAt();
    }

    @Override
    public Mono<Long> revokeBulk(Clock clock, PersonalSessionFilter filter) {
        String operation = "db.personal_session.revoke_bulk";
        if (Text.hasNul(filter.deviceId().orElse(null))) {
            return Text.refused("deviceId");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            var locked = activity.lockedInIdOrder(PERSONAL_SESSIONS.PERSONAL_SESSION_ID.in(
                    dsl.select(PERSONAL_SESSIONS.PERSONAL_SESSION_ID).from(sessionsWithActiveTokens())
                            .where(condition(filter))
                            .and(PERSONAL_SESSIONS.REVOKED_AT.isNull())));
            return db.fetch(operation, dsl.with(locked)
                            .update(PERSONAL_SESSIONS)
                            .set(PERSONAL_SESSIONS.REVOKED_AT, timestamp(now))
                            .where(activity.isIn(locked))
                            .returningResult(PERSONAL_SESSIONS.PERSONAL_SESSION_ID))
                    .map(Record1::value1)
                    .collectList()
                    .flatMap(ids -> ids.isEmpty() ? Mono.just(0L) : db.execute(operation,
                                    dsl.update(PERSONAL_ACCESS_TOKENS)
                                            .set(PERSONAL_ACCESS_TOKENS.REVOKED_AT, timestamp(now))
                                            .where(PERSONAL_ACCESS_TOKENS.PERSONAL_SESSION_ID.eq(
                                                    DSL.any(ids.toArray(UUID[]::new))))
                                            .and(PERSONAL_ACCESS_TOKENS.REVOKED_AT.isNull()))
                            .thenReturn((long) ids.size()));
        });
    }

    /** Sessions left-joined to their one token that is not revoked, which the expiry filters are about. */
    private static TableOnConditionStep<Record> sessionsWithActiveTokens() {
        return PERSONAL_SESSIONS.leftJoin(PERSONAL_ACCESS_TOKENS)
                .on(PERSONAL_ACCESS_TOKENS.PERSONAL_SESSION_ID.eq(PERSONAL_SESSIONS.PERSONAL_SESSION_ID))
                .and(PERSONAL_ACCESS_TOKENS.REVOKED_AT.isNull());
    }

    @Override
    public Mono<Page<PersonalSessionWithToken>> list(PersonalSessionFilter filter, Pagination pagination) {
        if (Text.hasNul(filter.deviceId().orElse(null))) {
            return Text.refused("deviceId");
        }
        SelectJoinStep<Record> query = dsl.select(PERSONAL_SESSIONS.fields())
                .select(PERSONAL_ACCESS_TOKENS.fields())
                .from(sessionsWithActiveTokens());
        return Mono.defer(() -> db.fetchPage("db.personal_session.list", query.where(condition(filter)),
                        PERSONAL_SESSIONS.PERSONAL_SESSION_ID,
                        row -> row.get(PERSONAL_SESSIONS.PERSONAL_SESSION_ID),
                        pagination))
                .map(page -> page.map(JooqPersonalSessionRepository::sessionWithToken));
    }

    private static PersonalSessionWithToken sessionWithToken(Record row) {
        PersonalSession session = session(row.into(PERSONAL_SESSIONS));
        Optional<PersonalAccessToken> token = row.get(PERSONAL_ACCESS_TOKENS.PERSONAL_ACCESS_TOKEN_ID) == null
                ? Optional.empty()
                : Optional.of(JooqPersonalAccessTokenRepository.token(row.into(PERSONAL_ACCESS_TOKENS)));
        return new PersonalSessionWithToken(session, token);
    }

    @Override
    public Mono<Long> count(PersonalSessionFilter filter) {
        if (Text.hasNul(filter.deviceId().orElse(null))) {
            return Text.refused("deviceId");
        }
        Table<Record> joined = sessionsWithActiveTokens();
        return Mono.defer(() -> db.count("db.personal_session.count", joined, condition(filter)));
    }

    @Override
    public Mono<Void> recordBatchActivity(Collection<ActivityRecord> records) {
        return activity.record("db.personal_session.record_batch_activity", records);
    }

    /**
     * The one place a {@link PersonalSessionFilter} becomes SQL: list, count and revokeBulk share it, over the
     * sessions left-joined to their active token.
     */
    public static Condition condition(PersonalSessionFilter filter) {
        Condition condition = DSL.noCondition();
        if (filter.ownerUserId().isPresent()) {
            condition = condition.and(PERSONAL_SESSIONS.OWNER_USER_ID.eq(uuid(filter.ownerUserId().get())));
        }
        if (filter.ownerOAuth2ClientId().isPresent()) {
            condition = condition.and(PERSONAL_SESSIONS.OWNER_OAUTH2_CLIENT_ID.eq(
                    uuid(filter.ownerOAuth2ClientId().get())));
        }
        if (filter.actorUserId().isPresent()) {
            condition = condition.and(PERSONAL_SESSIONS.ACTOR_USER_ID.eq(uuid(filter.actorUserId().get())));
        }
        if (filter.deviceId().isPresent()) {
            Optional<List<String>> tokens = Devices.scopeTokens(filter.deviceId().get());
            condition = condition.and(tokens.isEmpty()
                    ? DSL.falseCondition()
                    : PERSONAL_SESSIONS.SCOPE_LIST.contains(new String[] {tokens.get().get(0)})
                            .or(PERSONAL_SESSIONS.SCOPE_LIST.contains(new String[] {tokens.get().get(1)})));
        }
        if (filter.state().isPresent()) {
            condition = condition.and(switch (filter.state().get()) {
                case ACTIVE -> PERSONAL_SESSIONS.REVOKED_AT.isNull();
                case REVOKED -> PERSONAL_SESSIONS.REVOKED_AT.isNotNull();
            });
        }
        if (filter.scope().isPresent()) {
            condition = condition.and(PERSONAL_SESSIONS.SCOPE_LIST.contains(
                    filter.scope().get().toArray(String[]::new)));
        }
        if (filter.lastActiveBefore().isPresent()) {
            condition = condition.and(PERSONAL_SESSIONS.LAST_ACTIVE_AT.lt(timestamp(filter.lastActiveBefore().get())));
        }
        if (filter.lastActiveAfter().isPresent()) {
            condition = condition.and(PERSONAL_SESSIONS.LAST_ACTIVE_AT.gt(timestamp(filter.lastActiveAfter().get())));
        }
        if (filter.expiresBefore().isPresent()) {
            condition = condition.and(PERSONAL_ACCESS_TOKENS.EXPIRES_AT.lt(timestamp(filter.expiresBefore().get())));
        }
        if (filter.expiresAfter().isPresent()) {
            condition = condition.and(PERSONAL_ACCESS_TOKENS.EXPIRES_AT.gt(timestamp(filter.expiresAfter().get())));
        }
        if (filter.expires().isPresent()) {
            condition = condition.and(filter.expires().get()
                    ? PERSONAL_ACCESS_TOKENS.EXPIRES_AT.isNotNull()
                    : PERSONAL_ACCESS_TOKENS.EXPIRES_AT.isNull());
        }
        return condition;
    }

    static PersonalSession session(PersonalSessionsRecord row) {
        Ulid id = ulid(row.getPersonalSessionId());
        UUID ownerUser = row.getOwnerUserId();
        UUID ownerClient = row.getOwnerOauth2ClientId();
        PersonalSessionOwner owner;
        if (ownerUser != null && ownerClient == null) {
            owner = new PersonalSessionOwner.OwnerUser(ulid(ownerUser));
        } else if (ownerUser == null && ownerClient != null) {
            owner = new PersonalSessionOwner.OwnerOAuth2Client(ulid(ownerClient));
        } else {
            throw new InconsistencyException(TABLE, "owner_user_id", id,
                    "a session has exactly one owner, a user or an OAuth 2.0 client");
        }
        return new PersonalSession(
                id,
                owner,
                ulid(row.getActorUserId()),
                row.getHumanName(),
                PersonalSession.scopeOf(new HashSet<>(Arrays.asList(row.getScopeList()))),
                instant(row.getCreatedAt()),
                PersonalSessionState.revokedAt(instant(row.getRevokedAt())),
                optionalInstant(row.getLastActiveAt()),
                optionalAddress(row.getLastActiveIp()));
    }
}
