package io.authstore.storage.jooq.compat;

import static io.authstore.snapshot.Tables.COMPAT_REFRESH_TOKENS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;
import static io.authstore.storage.jooq.PreparedQuery.eqValue;
import static io.authstore.storage.jooq.PreparedQuery.value;

import io.authstore.snapshot.tables.records.CompatRefreshTokensRecord;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.compat.CompatAccessToken;
import io.authstore.storage.compat.CompatRefreshToken;
import io.authstore.storage.compat.CompatRefreshTokenReplacement;
import io.authstore.storage.compat.CompatRefreshTokenRepository;
import io.authstore.storage.compat.CompatRefreshTokenState;
import io.authstore.storage.compat.CompatSession;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.impl.DSL;
import reactor.core.publisher.Mono;

public final class JooqCompatRefreshTokenRepository implements CompatRefreshTokenRepository {

    private static final String TABLE = "compat_refresh_tokens";
    private static final String UNIQUE = "compat_refresh_tokens_refresh_token_unique";

    private final Statements db;
    private final DSLContext dsl;

    public JooqCompatRefreshTokenRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    // findByToken runs on every compat refresh: rendered once, bound per call.
    private static final PreparedQuery<CompatRefreshTokensRecord> BY_ID =
            PreparedQuery.lookup(COMPAT_REFRESH_TOKENS, COMPAT_REFRESH_TOKENS.COMPAT_REFRESH_TOKEN_ID);
    private static final PreparedQuery<CompatRefreshTokensRecord> BY_TOKEN =
            PreparedQuery.lookup(COMPAT_REFRESH_TOKENS, COMPAT_REFRESH_TOKENS.REFRESH_TOKEN);

    @Override
    public Mono<CompatRefreshToken> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.compat_refresh_token.lookup", BY_ID.with(uuid(id))))
                .map(JooqCompatRefreshTokenRepository::token);
    }

    @Override
    public Mono<CompatRefreshToken> findByToken(String refreshToken) {
        if (Text.hasNul(refreshToken)) {
            return Text.refused("refreshToken");
        }
        return Mono.defer(() -> db.fetchOptional("db.compat_refresh_token.find_by_token",
                        BY_TOKEN.with(refreshToken)))
                .map(JooqCompatRefreshTokenRepository::token);
    }

    @Override
    public Mono<CompatRefreshToken> add(
            Clock clock, RandomSource random, CompatSession session, CompatAccessToken accessToken, String token) {
        if (Text.hasNul(token)) {
            return Text.refused("token");
        }
        if (!accessToken.sessionId().equals(session.id())) {
            return Mono.error(() -> new IllegalArgumentException("access token " + accessToken.id()
                    + " belongs to compat session " + accessToken.sessionId() + ", not to " + session.id()));
        }
        return insert("db.compat_refresh_token.add", clock, random, session.id(), accessToken.id(), token)
                .switchIfEmpty(Mono.error(() -> new ConflictException(TABLE, UNIQUE, "this refresh token is taken")));
    }

    // Every compat login with a refresh token and every compat refresh: rendered once.
    private static final PreparedQuery<CompatRefreshTokensRecord> ADD = PreparedQuery.of(
            PreparedQuery.insertInto(COMPAT_REFRESH_TOKENS,
                    COMPAT_REFRESH_TOKENS.COMPAT_REFRESH_TOKEN_ID, COMPAT_REFRESH_TOKENS.COMPAT_SESSION_ID,
                    COMPAT_REFRESH_TOKENS.COMPAT_ACCESS_TOKEN_ID, COMPAT_REFRESH_TOKENS.REFRESH_TOKEN,
                    COMPAT_REFRESH_TOKENS.CREATED_AT)
                    .onConflictDoNothing()
                    .returning());

    private Mono<CompatRefreshToken> insert(
            String operation, Clock clock, RandomSource random, Ulid sessionId, Ulid accessTokenId, String token) {
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchOptional(operation,
                            ADD.with(uuid(id), uuid(sessionId), uuid(accessTokenId), token, timestamp(now)))
                    .map(JooqCompatRefreshTokenRepository::token);
        });
    }

    // Every valid token of the session, locked in id order; they are consumed only if the presented one is among
    // them. A concurrent refresh with the same token waits here for the lock, then finds it consumed and changes
    // nothing: of the two, only one succeeds. Every compat refresh runs it: rendered once.
    private static final CommonTableExpression<Record1<UUID>> VALID = DSL.name("valid").fields("id").asMaterialized(
            DSL.select(COMPAT_REFRESH_TOKENS.COMPAT_REFRESH_TOKEN_ID)
                    .from(COMPAT_REFRESH_TOKENS)
                    .where(eqValue(COMPAT_REFRESH_TOKENS.COMPAT_SESSION_ID))
                    .and(COMPAT_REFRESH_TOKENS.CONSUMED_AT.isNull())
                    .orderBy(COMPAT_REFRESH_TOKENS.COMPAT_REFRESH_TOKEN_ID)
                    .forNoKeyUpdate());
    private static final Field<UUID> VALID_ID = VALID.field("id", UUID.class);
    private static final PreparedQuery<Record1<UUID>> CONSUME_VALID = PreparedQuery.of(DSL.with(VALID)
            .update(COMPAT_REFRESH_TOKENS)
            .set(COMPAT_REFRESH_TOKENS.CONSUMED_AT, value(COMPAT_REFRESH_TOKENS.CONSUMED_AT))
            .where(COMPAT_REFRESH_TOKENS.COMPAT_REFRESH_TOKEN_ID.in(DSL.select(VALID_ID).from(VALID)))
            .and(DSL.exists(DSL.selectOne().from(VALID)
                    .where(VALID_ID.eq(value("presented", COMPAT_REFRESH_TOKENS.COMPAT_REFRESH_TOKEN_ID)))))
            .returningResult(COMPAT_REFRESH_TOKENS.COMPAT_REFRESH_TOKEN_ID));

    @Override
    public Mono<CompatRefreshTokenReplacement> consumeAndReplace(
            Clock clock,
            RandomSource random,
            CompatRefreshToken token,
            CompatAccessToken successorAccessToken,
            String successorToken) {
        String operation = "db.compat_refresh_token.consume_and_replace";
        if (Text.hasNul(successorToken)) {
            return Text.refused("successorToken");
        }
        if (!successorAccessToken.sessionId().equals(token.sessionId())) {
            return Mono.error(() -> new IllegalArgumentException("access token " + successorAccessToken.id()
                    + " belongs to compat session " + successorAccessToken.sessionId() + ", not to "
                    + token.sessionId() + " of refresh token " + token.id()));
        }
        return Mono.fromCallable(() -> token.consume(clock.now())).flatMap(consumed -> {
            Instant at = ((CompatRefreshTokenState.Consumed) consumed.state()).consumedAt();
            UUID presented = uuid(token.id());
            // The values in the order the statement has them: the session (in WITH), the time, the presented token.
            return db.fetch(operation, CONSUME_VALID.with(uuid(token.sessionId()), timestamp(at), presented))
                    .map(Record1::value1)
                    .collectList()
                    .flatMap(ids -> ids.contains(presented)
                            ? replace(operation, clock, random, consumed, successorAccessToken, successorToken, ids)
                            : Mono.error(new NotAffectedException(operation, TABLE, token.id(), 0)));
        });
    }

    /** Adds the successor; when its value is taken, the tokens just consumed become valid again. */
    private Mono<CompatRefreshTokenReplacement> replace(
            String operation,
            Clock clock,
            RandomSource random,
            CompatRefreshToken consumed,
            CompatAccessToken successorAccessToken,
            String successorToken,
            List<UUID> consumedIds) {
        return insert(operation, clock, random, consumed.sessionId(), successorAccessToken.id(), successorToken)
                .map(successor -> new CompatRefreshTokenReplacement(consumed, successor))
                .switchIfEmpty(db.execute(operation, dsl.update(COMPAT_REFRESH_TOKENS)
                                .setNull(COMPAT_REFRESH_TOKENS.CONSUMED_AT)
                                .where(COMPAT_REFRESH_TOKENS.COMPAT_REFRESH_TOKEN_ID.eq(
                                        DSL.any(consumedIds.toArray(UUID[]::new)))))
                        .then(Mono.error(() -> new ConflictException(TABLE, UNIQUE,
                                "the successor refresh token is taken; nothing was consumed"))));
    }

    static CompatRefreshToken token(CompatRefreshTokensRecord row) {
        return new CompatRefreshToken(
                ulid(row.getCompatRefreshTokenId()),
                ulid(row.getCompatSessionId()),
                ulid(row.getCompatAccessTokenId()),
                row.getRefreshToken(),
                instant(row.getCreatedAt()),
                CompatRefreshTokenState.consumedAt(instant(row.getConsumedAt())));
    }
}
