package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.USER_REGISTRATION_TOKENS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalInstant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.snapshot.tables.records.UserRegistrationTokensRecord;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Convert;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.users.UserRegistrationToken;
import io.authstore.storage.users.UserRegistrationTokenFilter;
import io.authstore.storage.users.UserRegistrationTokenRepository;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.impl.DSL;
import reactor.core.publisher.Mono;

public final class JooqUserRegistrationTokenRepository implements UserRegistrationTokenRepository {

    private static final String TABLE = "user_registration_tokens";

    private final Statements db;
    private final DSLContext dsl;

    public JooqUserRegistrationTokenRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    // Rendered once (PreparedQuery): the lookups (a registration checks its token) and the add.
    private static final PreparedQuery<UserRegistrationTokensRecord> BY_ID =
            PreparedQuery.lookup(USER_REGISTRATION_TOKENS, USER_REGISTRATION_TOKENS.USER_REGISTRATION_TOKEN_ID);
    private static final PreparedQuery<UserRegistrationTokensRecord> BY_TOKEN =
            PreparedQuery.lookup(USER_REGISTRATION_TOKENS, USER_REGISTRATION_TOKENS.TOKEN);

    @Override
    public Mono<UserRegistrationToken> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.user_registration_token.lookup", BY_ID.with(uuid(id))))
                .map(JooqUserRegistrationTokenRepository::token);
    }

    @Override
    public Mono<UserRegistrationToken> findByToken(String token) {
        if (Text.hasNul(token)) {
            return Text.refused("token");
        }
        return Mono.defer(() -> db.fetchOptional("db.user_registration_token.find_by_token", BY_TOKEN.with(token)))
                .map(JooqUserRegistrationTokenRepository::token);
    }

    private static final PreparedQuery<UserRegistrationTokensRecord> ADD = PreparedQuery.of(
            PreparedQuery.insertInto(USER_REGISTRATION_TOKENS,
                    USER_REGISTRATION_TOKENS.USER_REGISTRATION_TOKEN_ID, USER_REGISTRATION_TOKENS.TOKEN,
                    USER_REGISTRATION_TOKENS.USAGE_LIMIT, USER_REGISTRATION_TOKENS.CREATED_AT,
                    USER_REGISTRATION_TOKENS.EXPIRES_AT)
                    .onConflict(USER_REGISTRATION_TOKENS.TOKEN)
                    .doNothing()
                    .returning());

    @Override
    public Mono<UserRegistrationToken> add(
            Clock clock,
            RandomSource random,
            String token,
            Optional<Integer> usageLimit,
            Optional<Instant> expiresAt) {
        if (Text.hasNul(token)) {
            return Text.refused("token");
        }
        if (usageLimit.isPresent() && usageLimit.get() < 0) {
            return Mono.error(() -> usageLimitRefused(usageLimit.get()));
        }
        // One reading of the clock, so that the id's time and created_at agree even on a running clock.
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            // ON CONFLICT DO NOTHING: a taken token is reported without an error inside the transaction, which would
            // otherwise be aborted. The message does not repeat the token: it is a secret.
            return db.fetchOptional("db.user_registration_token.add", ADD.with(uuid(id), token,
                            usageLimit.orElse(null), timestamp(now), expiresAt.map(Convert::timestamp).orElse(null)))
                    .map(JooqUserRegistrationTokenRepository::token)
                    .switchIfEmpty(Mono.error(() -> new ConflictException(
                            TABLE, "user_registration_tokens_token_key", "this registration token already exists")));
        });
    }

    // The time of use is also the instant the row must still be valid at: one parameter, "now", for both.
    private static final Param<OffsetDateTime> NOW = PreparedQuery.value("now", USER_REGISTRATION_TOKENS.LAST_USED_AT);
    private static final PreparedQuery<UserRegistrationTokensRecord> USE = PreparedQuery.of(
            DSL.update(USER_REGISTRATION_TOKENS)
                    .set(USER_REGISTRATION_TOKENS.TIMES_USED, USER_REGISTRATION_TOKENS.TIMES_USED.plus(1))
                    .set(USER_REGISTRATION_TOKENS.LAST_USED_AT, NOW)
                    .where(PreparedQuery.eqValue(USER_REGISTRATION_TOKENS.USER_REGISTRATION_TOKEN_ID))
                    .and(validAt(NOW))
                    .returning());

    @Override
    public Mono<UserRegistrationToken> useToken(Clock clock, UserRegistrationToken token) {
        // The copy is checked first; the update checks the row again, so that concurrent uses cannot exceed the limit.
        return Mono.defer(() -> {
            Instant now = clock.now();
            token.use(now);
            return change("db.user_registration_token.use_token", token,
                    USE.with(timestamp(now), uuid(token.id())));
        });
    }

    /** As {@link UserRegistrationToken#isValidAt}: expired from the instant of its expiry on. */
    private static Condition validAt(Field<OffsetDateTime> now) {
        return USER_REGISTRATION_TOKENS.REVOKED_AT.isNull()
                .and(USER_REGISTRATION_TOKENS.EXPIRES_AT.isNull().or(USER_REGISTRATION_TOKENS.EXPIRES_AT.gt(now)))
                .and(USER_REGISTRATION_TOKENS.USAGE_LIMIT.isNull()
                        .or(USER_REGISTRATION_TOKENS.TIMES_USED.lt(USER_REGISTRATION_TOKENS.USAGE_LIMIT)));
    }

    // COALESCE: a repeat succeeds, as in MAS, but keeps the first revocation's time instead of stamping it again.
    private static final PreparedQuery<UserRegistrationTokensRecord> REVOKE = PreparedQuery.of(
            DSL.update(USER_REGISTRATION_TOKENS)
                    .set(USER_REGISTRATION_TOKENS.REVOKED_AT, DSL.coalesce(USER_REGISTRATION_TOKENS.REVOKED_AT,
                            PreparedQuery.value(USER_REGISTRATION_TOKENS.REVOKED_AT)))
                    .where(PreparedQuery.eqValue(USER_REGISTRATION_TOKENS.USER_REGISTRATION_TOKEN_ID))
                    .returning());

    @Override
    public Mono<UserRegistrationToken> revoke(Clock clock, UserRegistrationToken token) {
        return Mono.defer(() -> change("db.user_registration_token.revoke", token,
                REVOKE.with(timestamp(clock.now()), uuid(token.id()))));
    }

    private static final PreparedQuery<UserRegistrationTokensRecord> UNREVOKE = PreparedQuery.of(
            DSL.update(USER_REGISTRATION_TOKENS)
                    .setNull(USER_REGISTRATION_TOKENS.REVOKED_AT)
                    .where(PreparedQuery.eqValue(USER_REGISTRATION_TOKENS.USER_REGISTRATION_TOKEN_ID))
                    .returning());

    @Override
    public Mono<UserRegistrationToken> unrevoke(UserRegistrationToken token) {
        return Mono.defer(() -> change("db.user_registration_token.unrevoke", token,
                UNREVOKE.with(uuid(token.id()))));
    }

    private static final PreparedQuery<UserRegistrationTokensRecord> SET_EXPIRY = PreparedQuery.of(
            DSL.update(USER_REGISTRATION_TOKENS)
                    .set(USER_REGISTRATION_TOKENS.EXPIRES_AT, PreparedQuery.value(USER_REGISTRATION_TOKENS.EXPIRES_AT))
                    .where(PreparedQuery.eqValue(USER_REGISTRATION_TOKENS.USER_REGISTRATION_TOKEN_ID))
                    .returning());

    @Override
    public Mono<UserRegistrationToken> setExpiry(UserRegistrationToken token, Optional<Instant> expiresAt) {
        return Mono.defer(() -> change("db.user_registration_token.set_expiry", token,
                SET_EXPIRY.with(expiresAt.map(Convert::timestamp).orElse(null), uuid(token.id()))));
    }

    private static final PreparedQuery<UserRegistrationTokensRecord> SET_USAGE_LIMIT = PreparedQuery.of(
            DSL.update(USER_REGISTRATION_TOKENS)
                    .set(USER_REGISTRATION_TOKENS.USAGE_LIMIT,
                            PreparedQuery.value(USER_REGISTRATION_TOKENS.USAGE_LIMIT))
                    .where(PreparedQuery.eqValue(USER_REGISTRATION_TOKENS.USER_REGISTRATION_TOKEN_ID))
                    .returning());

    @Override
    public Mono<UserRegistrationToken> setUsageLimit(UserRegistrationToken token, Optional<Integer> usageLimit) {
        if (usageLimit.isPresent() && usageLimit.get() < 0) {
            return Mono.error(() -> usageLimitRefused(usageLimit.get()));
        }
        return Mono.defer(() -> change("db.user_registration_token.set_usage_limit", token,
                SET_USAGE_LIMIT.with(usageLimit.orElse(null), uuid(token.id()))));
    }

    /**
     * Every change of a token: applied to the row only while it is in the state its UPDATE expects, and the row as
     * stored afterwards; no row (gone, or no longer in that state) is {@link NotAffectedException}.
     */
    private Mono<UserRegistrationToken> change(
            String operation, UserRegistrationToken token, PreparedQuery.Call<UserRegistrationTokensRecord> update) {
        return db.changeReturning(operation, update, TABLE, token.id())
                .map(JooqUserRegistrationTokenRepository::token);
    }

    /** MAS holds a usage limit in an unsigned integer: a negative one is refused before anything is sent. */
    private static IllegalArgumentException usageLimitRefused(int usageLimit) {
        return new IllegalArgumentException("a registration token's usage limit is 0 or more, not " + usageLimit);
    }

    @Override
    public Mono<Page<UserRegistrationToken>> list(UserRegistrationTokenFilter filter, Pagination pagination) {
        return db.fetchPage("db.user_registration_token.list", dsl.selectFrom(USER_REGISTRATION_TOKENS)
                        .where(condition(filter)),
                        USER_REGISTRATION_TOKENS.USER_REGISTRATION_TOKEN_ID,
                        UserRegistrationTokensRecord::getUserRegistrationTokenId,
                        pagination)
                .map(page -> page.map(JooqUserRegistrationTokenRepository::token));
    }

    @Override
    public Mono<Long> count(UserRegistrationTokenFilter filter) {
        return db.count("db.user_registration_token.count", USER_REGISTRATION_TOKENS, condition(filter));
    }

    /**
     * The one place a {@link UserRegistrationTokenFilter} becomes SQL: list and count share it. Each flag's two forms
     * are MAS's; a token expires after its expiry instant, not at it.
     */
    static Condition condition(UserRegistrationTokenFilter filter) {
        Condition notExpired = notExpired(filter.now());
        return DSL.and(
                flag(filter.used(), USER_REGISTRATION_TOKENS.TIMES_USED.gt(0),
                        USER_REGISTRATION_TOKENS.TIMES_USED.eq(0)),
                flag(filter.revoked(), USER_REGISTRATION_TOKENS.REVOKED_AT.isNotNull(),
                        USER_REGISTRATION_TOKENS.REVOKED_AT.isNull()),
                flag(filter.expired(), USER_REGISTRATION_TOKENS.EXPIRES_AT.isNotNull()
                        .and(USER_REGISTRATION_TOKENS.EXPIRES_AT.lt(timestamp(filter.now()))), notExpired),
                filter.valid().map(wanted -> {
                    Condition valid = DSL.and(
                            USER_REGISTRATION_TOKENS.USAGE_LIMIT.isNull()
                                    .or(USER_REGISTRATION_TOKENS.TIMES_USED.lt(USER_REGISTRATION_TOKENS.USAGE_LIMIT)),
                            USER_REGISTRATION_TOKENS.REVOKED_AT.isNull(),
                            notExpired);
                    // Never NULL (each part is a NULL test or compares non-NULL columns), so NOT is its complement.
                    return wanted ? valid : valid.not();
                }).orElse(DSL.noCondition()));
    }

    private static Condition flag(Optional<Boolean> value, Condition whenTrue, Condition whenFalse) {
        return value.map(wanted -> wanted ? whenTrue : whenFalse).orElse(DSL.noCondition());
    }

    private static Condition notExpired(Instant now) {
        return USER_REGISTRATION_TOKENS.EXPIRES_AT.isNull().or(USER_REGISTRATION_TOKENS.EXPIRES_AT.ge(timestamp(now)));
    }

    /** A row as a token; a negative count or limit (which MAS cannot hold either) is an inconsistency. */
    static UserRegistrationToken token(UserRegistrationTokensRecord row) {
        Ulid id = ulid(row.getUserRegistrationTokenId());
        if (row.getUsageLimit() != null && row.getUsageLimit() < 0) {
            throw new InconsistencyException(TABLE, "usage_limit", id, "negative: " + row.getUsageLimit());
        }
        if (row.getTimesUsed() < 0) {
            throw new InconsistencyException(TABLE, "times_used", id, "negative: " + row.getTimesUsed());
        }
        return new UserRegistrationToken(
                id,
                row.getToken(),
                Optional.ofNullable(row.getUsageLimit()),
                row.getTimesUsed(),
                instant(row.getCreatedAt()),
                optionalInstant(row.getLastUsedAt()),
                optionalInstant(row.getExpiresAt()),
                optionalInstant(row.getRevokedAt()));
    }
}
