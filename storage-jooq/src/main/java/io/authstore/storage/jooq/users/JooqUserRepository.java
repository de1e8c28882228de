package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.COMPAT_SESSIONS;
import static io.authstore.snapshot.Tables.OAUTH2_SESSIONS;
import static io.authstore.snapshot.Tables.USERS;
import static io.authstore.snapshot.Tables.USER_UNSUPPORTED_THIRD_PARTY_IDS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalInstant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.snapshot.tables.Users;
import io.authstore.snapshot.tables.records.UsersRecord;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserFilter;
import io.authstore.storage.users.UserRepository;
import java.time.Instant;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class JooqUserRepository implements UserRepository {

    private static final String TABLE = "users";
    private static final char LIKE_ESCAPE = '!';

    private final Statements db;
    private final DSLContext dsl;

    public JooqUserRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    // Both run on nearly every request: rendered once (PreparedQuery).
    private static final PreparedQuery<UsersRecord> BY_ID = PreparedQuery.lookup(USERS, USERS.USER_ID);
    // lower() = lower() uses users_lower_username_idx. Among usernames that differ only by case, the exact spelling
    // wins; a case-insensitive match alone is taken only when it is the only one (no guessing between accounts).
    private static final Users OTHER = USERS.as("other");
    private static final Param<String> USERNAME = PreparedQuery.value(USERS.USERNAME);
    private static final PreparedQuery<UsersRecord> BY_USERNAME = PreparedQuery.of(DSL.selectFrom(USERS)
                    .where(DSL.lower(USERS.USERNAME).eq(DSL.lower(USERNAME)))
                    .and(USERS.USERNAME.eq(USERNAME).orNotExists(DSL.selectOne()
                            .from(OTHER)
                            .where(DSL.lower(OTHER.USERNAME).eq(DSL.lower(USERNAME)))
                            .and(OTHER.USER_ID.ne(USERS.USER_ID)))));

    @Override
    public Mono<User> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.user.lookup", BY_ID.with(uuid(id))))
                .map(JooqUserRepository::user);
    }

    @Override
    public Mono<User> findByUsername(String username) {
        if (Text.hasNul(username)) {
            return Text.refused("username");
        }
        return Mono.defer(() -> db.fetchOptional("db.user.find_by_username", BY_USERNAME.with(username)))
                .map(JooqUserRepository::user);
    }

    // Rendered once (PreparedQuery): registration checks a username, then adds the user.
    private static final PreparedQuery<Record1<Boolean>> EXISTS = PreparedQuery.of(DSL.select(DSL.field(DSL.exists(
            DSL.selectOne().from(USERS).where(DSL.lower(USERS.USERNAME).eq(DSL.lower(USERNAME)))))));
    private static final PreparedQuery<UsersRecord> ADD = PreparedQuery.of(DSL.insertInto(USERS)
            .set(USERS.USER_ID, PreparedQuery.value(USERS.USER_ID))
            .set(USERS.USERNAME, USERNAME)
            .set(USERS.CREATED_AT, PreparedQuery.value(USERS.CREATED_AT))
            .onConflict(USERS.USERNAME)
            .doNothing()
            .returning());

    @Override
    public Mono<Boolean> exists(String username) {
        if (Text.hasNul(username)) {
            return Text.refused("username");
        }
        return Mono.defer(() -> db.fetchOptional("db.user.exists", EXISTS.with(username)))
                .map(row -> row.value1());
    }

    @Override
    public Mono<User> add(Clock clock, RandomSource random, String username) {
        if (Text.hasNul(username)) {
            return Text.refused("username");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            // ON CONFLICT DO NOTHING: a taken username is reported without an error inside the transaction, which
            // would otherwise be aborted and the whole session lost.
            return db.fetchOptional("db.user.add", ADD.with(uuid(id), username, timestamp(now)))
                    .map(JooqUserRepository::user)
                    .switchIfEmpty(Mono.error(() -> new ConflictException(
                            TABLE, "users_username_unique", "the username '" + username + "' is already taken")));
        });
    }

    // A copy already in the requested state is returned as it is, as MAS does; the others are written and read back.

    // COALESCE: a stale copy must not move the time the user was first locked.
    private static final PreparedQuery<UsersRecord> LOCK = PreparedQuery.of(DSL.update(USERS)
            .set(USERS.LOCKED_AT, DSL.coalesce(USERS.LOCKED_AT, PreparedQuery.value(USERS.LOCKED_AT)))
            .where(PreparedQuery.eqValue(USERS.USER_ID))
            .returning());

    @Override
    public Mono<User> lock(Clock clock, User user) {
        if (user.lockedAt().isPresent()) {
            return Mono.just(user);
        }
        return Mono.defer(() -> stored("db.user.lock", user, LOCK.with(timestamp(clock.now()), uuid(user.id()))));
    }

    private static final PreparedQuery<UsersRecord> UNLOCK = PreparedQuery.of(DSL.update(USERS)
            .setNull(USERS.LOCKED_AT)
            .where(PreparedQuery.eqValue(USERS.USER_ID))
            .returning());

    @Override
    public Mono<User> unlock(User user) {
        if (user.lockedAt().isEmpty()) {
            return Mono.just(user);
        }
        return Mono.defer(() -> stored("db.user.unlock", user, UNLOCK.with(uuid(user.id()))));
    }

    private static final PreparedQuery<UsersRecord> DEACTIVATE = PreparedQuery.of(DSL.update(USERS)
            .set(USERS.DEACTIVATED_AT, PreparedQuery.value(USERS.DEACTIVATED_AT))
            .where(PreparedQuery.eqValue(USERS.USER_ID))
            .and(USERS.DEACTIVATED_AT.isNull())
            .returning());

    @Override
    public Mono<User> deactivate(Clock clock, User user) {
        if (user.deactivatedAt().isPresent()) {
            return Mono.just(user);
        }
        return Mono.defer(() -> stored("db.user.deactivate", user,
                DEACTIVATE.with(timestamp(clock.now()), uuid(user.id()))));
    }

    private static final PreparedQuery<UsersRecord> REACTIVATE = PreparedQuery.of(DSL.update(USERS)
            .setNull(USERS.DEACTIVATED_AT)
            .where(PreparedQuery.eqValue(USERS.USER_ID))
            .returning());

    @Override
    public Mono<User> reactivate(User user) {
        if (user.deactivatedAt().isEmpty()) {
            return Mono.just(user);
        }
        return Mono.defer(() -> stored("db.user.reactivate", user, REACTIVATE.with(uuid(user.id()))));
    }

    private static final PreparedQuery<UsersRecord> SET_CAN_REQUEST_ADMIN = PreparedQuery.of(DSL.update(USERS)
            .set(USERS.CAN_REQUEST_ADMIN, PreparedQuery.value(USERS.CAN_REQUEST_ADMIN))
            .where(PreparedQuery.eqValue(USERS.USER_ID))
            .returning());

    @Override
    public Mono<User> setCanRequestAdmin(User user, boolean canRequestAdmin) {
        return Mono.defer(() -> stored("db.user.set_can_request_admin", user,
                SET_CAN_REQUEST_ADMIN.with(canRequestAdmin, uuid(user.id()))));
    }

    private Mono<User> stored(String operation, User user, PreparedQuery.Call<UsersRecord> update) {
        return db.changeReturning(operation, update, TABLE, user.id()).map(JooqUserRepository::user);
    }

    private static final PreparedQuery<Record> DELETE_UNSUPPORTED_THREEPIDS = PreparedQuery.of(
            DSL.deleteFrom(USER_UNSUPPORTED_THIRD_PARTY_IDS)
                    .where(PreparedQuery.eqValue(USER_UNSUPPORTED_THIRD_PARTY_IDS.USER_ID)));

    @Override
    public Mono<Long> deleteUnsupportedThreepids(User user) {
        return Mono.defer(() -> db.execute("db.user.delete_unsupported_threepids",
                        DELETE_UNSUPPORTED_THREEPIDS.with(uuid(user.id()))))
                .map(Integer::longValue);
    }

    @Override
    public Mono<Page<User>> list(UserFilter filter, Pagination pagination) {
        if (Text.hasNul(filter.search().orElse(null))) {
            return Text.refused("filter search");
        }
        return db.fetchPage("db.user.list", dsl.selectFrom(USERS)
                        .where(condition(filter)),
                        USERS.USER_ID,
                        UsersRecord::getUserId,
                        pagination)
                .map(page -> page.map(JooqUserRepository::user));
    }

    @Override
    public Mono<Long> count(UserFilter filter) {
        if (Text.hasNul(filter.search().orElse(null))) {
            return Text.refused("filter search");
        }
        return db.count("db.user.count", USERS, condition(filter));
    }

    private static final PreparedQuery<Record1<UUID>> LOCK_FOR_SYNC = PreparedQuery.of(DSL.select(USERS.USER_ID)
            .from(USERS)
            .where(PreparedQuery.eqValue(USERS.USER_ID))
            .forNoKeyUpdate());

    @Override
    public Mono<Void> acquireLockForSync(User user) {
        return Flux.defer(() -> db.fetchLocking("db.user.acquire_lock_for_sync", LOCK_FOR_SYNC.with(uuid(user.id()))))
                .next()
                .switchIfEmpty(Mono.error(() ->
                        new NotAffectedException("db.user.acquire_lock_for_sync", TABLE, user.id(), 0)))
                .then();
    }

    /** The one place a {@link UserFilter} becomes SQL: list and count share it. */
    static Condition condition(UserFilter filter) {
        Condition condition = DSL.noCondition();
        if (filter.state().isPresent()) {
            condition = condition.and(switch (filter.state().get()) {
                case ACTIVE -> USERS.LOCKED_AT.isNull().and(USERS.DEACTIVATED_AT.isNull());
                case LOCKED -> USERS.LOCKED_AT.isNotNull();
                case DEACTIVATED -> USERS.DEACTIVATED_AT.isNotNull();
            });
        }
        if (filter.canRequestAdmin().isPresent()) {
            condition = condition.and(USERS.CAN_REQUEST_ADMIN.eq(filter.canRequestAdmin().get()));
        }
        if (filter.isGuest().isPresent()) {
            condition = condition.and(USERS.IS_GUEST.eq(filter.isGuest().get()));
        }
        if (filter.search().isPresent()) {
            // ILIKE on the bare column can use the trigram index users_username_trgm_idx.
            String pattern = "%" + DSL.escape(filter.search().get(), LIKE_ESCAPE) + "%";
            condition = condition.and(USERS.USERNAME.likeIgnoreCase(pattern, LIKE_ESCAPE));
        }
        if (filter.hasActiveOAuth2Session().isPresent()) {
            Condition active = DSL.exists(DSL.selectOne().from(OAUTH2_SESSIONS)
                    .where(OAUTH2_SESSIONS.USER_ID.eq(USERS.USER_ID))
                    .and(OAUTH2_SESSIONS.FINISHED_AT.isNull()));
            condition = condition.and(filter.hasActiveOAuth2Session().get() ? active : DSL.not(active));
        }
        if (filter.activeOAuth2SessionForAnyOfClients().isPresent()) {
            UUID[] clients = filter.activeOAuth2SessionForAnyOfClients().get().stream()
                    .map(Ulid::toUuid).toArray(UUID[]::new);
            condition = condition.and(clients.length == 0 ? DSL.falseCondition() : DSL.exists(DSL.selectOne()
                    .from(OAUTH2_SESSIONS)
                    .where(OAUTH2_SESSIONS.USER_ID.eq(USERS.USER_ID))
                    .and(OAUTH2_SESSIONS.FINISHED_AT.isNull())
                    .and(OAUTH2_SESSIONS.OAUTH2_CLIENT_ID.eq(DSL.any(clients)))));
        }
        if (filter.activeCompatSession().isPresent()) {
            Condition hasOne = DSL.exists(DSL.selectOne().from(COMPAT_SESSIONS)
                    .where(COMPAT_SESSIONS.USER_ID.eq(USERS.USER_ID))
                    .and(COMPAT_SESSIONS.FINISHED_AT.isNull()));
            condition = condition.and(filter.activeCompatSession().get() ? hasOne : DSL.not(hasOne));
        }
        return condition;
    }

    static User user(UsersRecord row) {
        return new User(
                ulid(row.getUserId()),
                row.getUsername(),
                instant(row.getCreatedAt()),
                optionalInstant(row.getLockedAt()),
                optionalInstant(row.getDeactivatedAt()),
                row.getCanRequestAdmin(),
                row.getIsGuest());
    }
}
