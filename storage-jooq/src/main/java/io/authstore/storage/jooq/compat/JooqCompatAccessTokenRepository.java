package io.authstore.storage.jooq.compat;

import static io.authstore.snapshot.Tables.COMPAT_ACCESS_TOKENS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalInstant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;
import static io.authstore.storage.jooq.PreparedQuery.eqValue;
import static io.authstore.storage.jooq.PreparedQuery.value;

import io.authstore.snapshot.tables.records.CompatAccessTokensRecord;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.compat.CompatAccessToken;
import io.authstore.storage.compat.CompatAccessTokenRepository;
import io.authstore.storage.compat.CompatSession;
import io.authstore.storage.jooq.Convert;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jooq.impl.DSL;
import reactor.core.publisher.Mono;

public final class JooqCompatAccessTokenRepository implements CompatAccessTokenRepository {

    private static final String TABLE = "compat_access_tokens";

    private final Statements db;

    public JooqCompatAccessTokenRepository(Statements statements) {
        this.db = statements;
    }

    // findByToken runs on every request of a compat client: rendered once, bound per call.
    private static final PreparedQuery<CompatAccessTokensRecord> BY_ID =
            PreparedQuery.lookup(COMPAT_ACCESS_TOKENS, COMPAT_ACCESS_TOKENS.COMPAT_ACCESS_TOKEN_ID);
    private static final PreparedQuery<CompatAccessTokensRecord> BY_TOKEN =
            PreparedQuery.lookup(COMPAT_ACCESS_TOKENS, COMPAT_ACCESS_TOKENS.ACCESS_TOKEN);

    @Override
    public Mono<CompatAccessToken> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.compat_access_token.lookup", BY_ID.with(uuid(id))))
                .map(JooqCompatAccessTokenRepository::token);
    }

    @Override
    public Mono<CompatAccessToken> findByToken(String accessToken) {
        if (Text.hasNul(accessToken)) {
            return Text.refused("accessToken");
        }
        return Mono.defer(() -> db.fetchOptional("db.compat_access_token.find_by_token", BY_TOKEN.with(accessToken)))
                .map(JooqCompatAccessTokenRepository::token);
    }

    // Runs on every compat login and refresh: rendered once.
    private static final PreparedQuery<CompatAccessTokensRecord> ADD = PreparedQuery.of(
            PreparedQuery.insertInto(COMPAT_ACCESS_TOKENS,
                    COMPAT_ACCESS_TOKENS.COMPAT_ACCESS_TOKEN_ID, COMPAT_ACCESS_TOKENS.COMPAT_SESSION_ID,
                    COMPAT_ACCESS_TOKENS.ACCESS_TOKEN, COMPAT_ACCESS_TOKENS.CREATED_AT,
                    COMPAT_ACCESS_TOKENS.EXPIRES_AT)
                    .onConflictDoNothing()
                    .returning());

    @Override
    public Mono<CompatAccessToken> add(
            Clock clock, RandomSource random, CompatSession session, String token, Optional<Duration> expiresAfter) {
        if (Text.hasNul(token)) {
            return Text.refused("token");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            Optional<Instant> expiresAt = expiresAfter.map(now::plus);
            return db.fetchOptional("db.compat_access_token.add", ADD.with(uuid(id), uuid(session.id()), token,
                            timestamp(now), expiresAt.map(Convert::timestamp).orElse(null)))
                    .map(JooqCompatAccessTokenRepository::token)
                    .switchIfEmpty(Mono.error(() -> new ConflictException(
                            TABLE, "compat_access_tokens_access_token_unique", "this access token is taken")));
        });
    }

    // LEAST: expiring again succeeds, as in MAS, but a token that has already expired keeps when it did.
    private static final PreparedQuery<CompatAccessTokensRecord> EXPIRE = PreparedQuery.of(
            DSL.update(COMPAT_ACCESS_TOKENS)
                    .set(COMPAT_ACCESS_TOKENS.EXPIRES_AT, DSL.least(
                            DSL.coalesce(COMPAT_ACCESS_TOKENS.EXPIRES_AT,
                                    value("now", COMPAT_ACCESS_TOKENS.EXPIRES_AT)),
                            value("now", COMPAT_ACCESS_TOKENS.EXPIRES_AT)))
                    .where(eqValue(COMPAT_ACCESS_TOKENS.COMPAT_ACCESS_TOKEN_ID))
                    .returning());

    @Override
    public Mono<CompatAccessToken> expire(Clock clock, CompatAccessToken token) {
        return Mono.defer(() -> db.changeReturning("db.compat_access_token.expire",
                        EXPIRE.with(timestamp(clock.now()), uuid(token.id())), TABLE, token.id()))
                .map(JooqCompatAccessTokenRepository::token);
    }

    static CompatAccessToken token(CompatAccessTokensRecord row) {
        return new CompatAccessToken(
                ulid(row.getCompatAccessTokenId()),
                ulid(row.getCompatSessionId()),
                row.getAccessToken(),
                instant(row.getCreatedAt()),
                optionalInstant(row.getExpiresAt()));
    }
}
