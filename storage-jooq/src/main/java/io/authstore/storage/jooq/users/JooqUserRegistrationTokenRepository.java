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
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Convert;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.users.UserRegistrationToken;
import io.authstore.storage.users.UserRegistrationTokenFilter;
import io.authstore.storage.users.UserRegistrationTokenRepository;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.UpdateSetFirstStep;
import org.jooq.UpdateSetMoreStep;
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

    @Override
    public Mono<UserRegistrationToken> lookup(Ulid id) {
        return db.fetchOptional("db.user_registration_token.lookup", dsl.selectFrom(USER_REGISTRATION_TOKENS)
                        .where(USER_REGISTRATION_TOKENS.USER_REGISTRATION_TOKEN_ID.eq(uuid(id))))
                .map(JooqUserRegistrationTokenRepository::token);
    }

    @Override
    public Mono<UserRegistrationToken> findByToken(String token) {
        if (Text.hasNul(token)) {
            return Text.refused("token");
        }
        return db.fetchOptional("db.user_registration_token.find_by_token", dsl.selectFrom(USER_REGISTRATION_TOKENS)
                        .where(USER_REGISTRATION_TOKENS.TOKEN.eq(token)))
                .map(JooqUserRegistrationTokenRepository::token);
    }

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
        // One reading of the clock, so that the id's time and created_at agree even on a running clock.
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            // ON CONFLICT DO NOTHING: a taken token is reported without an error inside the transaction, which would
            // otherwise be aborted. The message does not repeat the token: it is a secret.
            return db.fetchOptional("db.user_registration_token.add", dsl.insertInto(USER_REGISTRATION_TOKENS)
                            .set(USER_REGISTRATION_TOKENS.USER_REGISTRATION_TOKEN_ID, uuid(id))
                            .set(USER_REGISTRATION_TOKENS.TOKEN, token)
                            .set(USER_REGISTRATION_TOKENS.USAGE_LIMIT, usageLimit.orElse(null))
                            .set(USER_REGISTRATION_TOKENS.CREATED_AT, timestamp(now))
                            .set(USER_REGISTRATION_TOKENS.EXPIRES_AT, expiresAt.map(Convert::timestamp).orElse(null))
                            .onConflict(USER_REGISTRATION_TOKENS.TOKEN)
                            .doNothing()
                            .returning())
                    .map(JooqUserRegistrationTokenRepository::token)
                    .switchIfEmpty(Mono.error(() -> new ConflictException(
                            TABLE, "user_registration_tokens_token_unique", "this registration token already exists")));
        });
    }

    @Override
    public Mono<UserRegistrationToken> useToken(Clock clock, UserRegistrationToken token) {
        String operation = "db.user_registration_token.use_token";
        // The domain refuses a copy that is not valid; the update repeats the check on the row, so that concurrent
        // uses cannot exceed the limit, and returns the row because times_used may have moved since the copy.
        return Mono.defer(() -> {
            Instant now = clock.now();
            token.use(now);
            return db.fetchOptional(operation, dsl
                            .update(USER_REGISTRATION_TOKENS)
                            .set(USER_REGISTRATION_TOKENS.TIMES_USED, USER_REGISTRATION_TOKENS.TIMES_USED.plus(1))
                            .set(USER_REGISTRATION_TOKENS.LAST_USED_AT, timestamp(now))
                            .where(USER_REGISTRATION_TOKENS.USER_REGISTRATION_TOKEN_ID.eq(uuid(token.id())))
                            .and(valid(now))
                            .returning())
                    .map(JooqUserRegistrationTokenRepository::token)
                    .switchIfEmpty(Mono.error(() -> new NotAffectedException(operation, TABLE, token.id(), 0)));
        });
    }

    @Override
    public Mono<UserRegistrationToken> revoke(Clock clock, UserRegistrationToken token) {
        return change("db.user_registration_token.revoke", token, () -> token.revoke(clock.now()),
                USER_REGISTRATION_TOKENS.REVOKED_AT.isNull(),
                (update, revoked) -> update.set(USER_REGISTRATION_TOKENS.REVOKED_AT,
                        timestamp(revoked.revokedAt().orElseThrow())));
    }

    @Override
    public Mono<UserRegistrationToken> unrevoke(UserRegistrationToken token) {
        return change("db.user_registration_token.unrevoke", token, token::unrevoke,
                USER_REGISTRATION_TOKENS.REVOKED_AT.isNotNull(),
                (update, changed) -> update.setNull(USER_REGISTRATION_TOKENS.REVOKED_AT));
    }

    @Override
    public Mono<UserRegistrationToken> setExpiry(UserRegistrationToken token, Optional<Instant> expiresAt) {
        return change("db.user_registration_token.set_expiry", token, () -> token.withExpiry(expiresAt),
                DSL.noCondition(),
                (update, changed) -> update.set(USER_REGISTRATION_TOKENS.EXPIRES_AT,
                        expiresAt.map(Convert::timestamp).orElse(null)));
    }

    @Override
    public Mono<UserRegistrationToken> setUsageLimit(UserRegistrationToken token, Optional<Integer> usageLimit) {
        return change("db.user_registration_token.set_usage_limit", token, () -> token.withUsageLimit(usageLimit),
                DSL.noCondition(),
                (update, changed) -> update.set(USER_REGISTRATION_TOKENS.USAGE_LIMIT, usageLimit.orElse(null)));
    }

    /** A change the domain allows on the copy, applied to the row only while it is in the expected state. */
    private Mono<UserRegistrationToken> change(
            String operation,
            UserRegistrationToken token,
            Callable<UserRegistrationToken> transition,
            Condition expectedState,
            BiFunction<UpdateSetFirstStep<UserRegistrationTokensRecord>, UserRegistrationToken,
                    UpdateSetMoreStep<UserRegistrationTokensRecord>> set) {
        return db.change(operation, USER_REGISTRATION_TOKENS.USER_REGISTRATION_TOKEN_ID, token.id(), transition,
                expectedState, set);
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

    /** The one place a {@link UserRegistrationTokenFilter} becomes SQL: list and count share it. */
    static Condition condition(UserRegistrationTokenFilter filter) {
        return DSL.and(
                flag(filter.used(), USER_REGISTRATION_TOKENS.TIMES_USED.gt(0)),
                flag(filter.revoked(), USER_REGISTRATION_TOKENS.REVOKED_AT.isNotNull()),
                flag(filter.expired(), expired(filter.now())),
                flag(filter.valid(), valid(filter.now())));
    }

    /** {@code condition} when the flag is true, its negation when false: each condition here is never NULL. */
    private static Condition flag(Optional<Boolean> value, Condition condition) {
        return value.map(wanted -> wanted ? condition : condition.not()).orElse(DSL.noCondition());
    }

    /** As {@link UserRegistrationToken#isExpiredAt}. */
    private static Condition expired(Instant now) {
        return USER_REGISTRATION_TOKENS.EXPIRES_AT.isNotNull()
                .and(USER_REGISTRATION_TOKENS.EXPIRES_AT.le(timestamp(now)));
    }

    /** As {@link UserRegistrationToken#isValidAt}: used by the filter and to guard {@link #useToken}. */
    private static Condition valid(Instant now) {
        return USER_REGISTRATION_TOKENS.REVOKED_AT.isNull()
                .and(expired(now).not())
                .and(USER_REGISTRATION_TOKENS.USAGE_LIMIT.isNull()
                        .or(USER_REGISTRATION_TOKENS.TIMES_USED.lt(USER_REGISTRATION_TOKENS.USAGE_LIMIT)));
    }

    static UserRegistrationToken token(UserRegistrationTokensRecord row) {
        return new UserRegistrationToken(
                ulid(row.getUserRegistrationTokenId()),
                row.getToken(),
                Optional.ofNullable(row.getUsageLimit()),
                row.getTimesUsed(),
                instant(row.getCreatedAt()),
                optionalInstant(row.getLastUsedAt()),
                optionalInstant(row.getExpiresAt()),
                optionalInstant(row.getRevokedAt()));
    }
}
