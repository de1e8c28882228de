package io.authstore.storage.jooq.oauth2;

import static io.authstore.snapshot.Tables.OAUTH2_REFRESH_TOKENS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalUlid;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;
import static io.authstore.storage.jooq.PreparedQuery.eqValue;
import static io.authstore.storage.jooq.PreparedQuery.value;

import io.authstore.snapshot.tables.records.Oauth2RefreshTokensRecord;
import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Cleanups;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.oauth2.AccessToken;
import io.authstore.storage.oauth2.OAuth2RefreshTokenRepository;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.RefreshToken;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class JooqOAuth2RefreshTokenRepository implements OAuth2RefreshTokenRepository {

    static final String TABLE = "oauth2_refresh_tokens";

    private final Statements db;
    private final DSLContext dsl;

    public JooqOAuth2RefreshTokenRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    // findByToken runs on every refresh grant: rendered once, bound per call.
    private static final PreparedQuery<Oauth2RefreshTokensRecord> BY_ID =
            PreparedQuery.lookup(OAUTH2_REFRESH_TOKENS, OAUTH2_REFRESH_TOKENS.OAUTH2_REFRESH_TOKEN_ID);
    private static final PreparedQuery<Oauth2RefreshTokensRecord> BY_TOKEN =
            PreparedQuery.lookup(OAUTH2_REFRESH_TOKENS, OAUTH2_REFRESH_TOKENS.REFRESH_TOKEN);

    @Override
    public Mono<RefreshToken> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.oauth2_refresh_token.lookup", BY_ID.with(uuid(id))))
                .map(JooqOAuth2RefreshTokenRepository::refreshToken);
    }

    @Override
    public Mono<RefreshToken> findByToken(String token) {
        if (Text.hasNul(token)) {
            return Text.refused("token");
        }
        return Mono.defer(() -> db.fetchOptional("db.oauth2_refresh_token.find_by_token", BY_TOKEN.with(token)))
                .map(JooqOAuth2RefreshTokenRepository::refreshToken);
    }

    // Runs on every token issued: rendered once (PreparedQuery), its values bound per call.
    private static final PreparedQuery<Oauth2RefreshTokensRecord> ADD = PreparedQuery.of(
            PreparedQuery.insertInto(OAUTH2_REFRESH_TOKENS,
                    OAUTH2_REFRESH_TOKENS.OAUTH2_REFRESH_TOKEN_ID, OAUTH2_REFRESH_TOKENS.OAUTH2_SESSION_ID,
                    OAUTH2_REFRESH_TOKENS.OAUTH2_ACCESS_TOKEN_ID, OAUTH2_REFRESH_TOKENS.REFRESH_TOKEN,
                    OAUTH2_REFRESH_TOKENS.CREATED_AT)
                    .onConflict(OAUTH2_REFRESH_TOKENS.REFRESH_TOKEN)
                    .doNothing()
                    .returning());

    @Override
    public Mono<RefreshToken> add(Clock clock, RandomSource random, OAuth2Session session, AccessToken accessToken,
            String token) {
        if (Text.hasNul(token)) {
            return Text.refused("token");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchOptional("db.oauth2_refresh_token.add", ADD.with(uuid(id), uuid(session.id()),
                            uuid(accessToken.id()), token, timestamp(now)))
                    .map(JooqOAuth2RefreshTokenRepository::refreshToken)
                    .switchIfEmpty(Mono.error(() -> new ConflictException(TABLE,
                            "oauth2_refresh_tokens_unique", "the refresh token value is taken")));
        });
    }

    private static final PreparedQuery<Record> CONSUME = PreparedQuery.of(DSL.update(OAUTH2_REFRESH_TOKENS)
            .set(OAUTH2_REFRESH_TOKENS.CONSUMED_AT, value(OAUTH2_REFRESH_TOKENS.CONSUMED_AT))
            .set(OAUTH2_REFRESH_TOKENS.NEXT_OAUTH2_REFRESH_TOKEN_ID,
                    value(OAUTH2_REFRESH_TOKENS.NEXT_OAUTH2_REFRESH_TOKEN_ID))
            .where(eqValue(OAUTH2_REFRESH_TOKENS.OAUTH2_REFRESH_TOKEN_ID))
            .and(OAUTH2_REFRESH_TOKENS.REVOKED_AT.isNull()));

    @Override
    public Mono<RefreshToken> consume(Clock clock, RefreshToken token, RefreshToken replacedBy) {
        return db.change("db.oauth2_refresh_token.consume", () -> token.consume(clock.now(), replacedBy),
                consumed -> CONSUME.with(
                        timestamp(((RefreshToken.State.Consumed) consumed.state()).consumedAt()),
                        uuid(replacedBy.id()),
                        uuid(token.id())),
                TABLE, token.id());
    }

    private static final PreparedQuery<Record> REVOKE = PreparedQuery.of(DSL.update(OAUTH2_REFRESH_TOKENS)
            .set(OAUTH2_REFRESH_TOKENS.REVOKED_AT, value(OAUTH2_REFRESH_TOKENS.REVOKED_AT))
            .where(eqValue(OAUTH2_REFRESH_TOKENS.OAUTH2_REFRESH_TOKEN_ID))
            .and(OAUTH2_REFRESH_TOKENS.REVOKED_AT.isNull().and(OAUTH2_REFRESH_TOKENS.CONSUMED_AT.isNull())));

    @Override
    public Mono<RefreshToken> revoke(Clock clock, RefreshToken token) {
        return db.change("db.oauth2_refresh_token.revoke", () -> token.revoke(clock.now()),
                revoked -> REVOKE.with(timestamp(((RefreshToken.State.Revoked) revoked.state()).revokedAt()),
                        uuid(token.id())),
                TABLE, token.id());
    }

    @Override
    public Mono<Cleanup> cleanupRevoked(Instant since, Instant until, int limit) {
        return cleanup("db.oauth2_refresh_token.cleanup_revoked", limit,
                () -> OAuth2Cleanups.revokedRefreshTokens(dsl, since, until, limit));
    }

    @Override
    public Mono<Cleanup> cleanupConsumed(Instant since, Instant until, int limit) {
        return cleanup("db.oauth2_refresh_token.cleanup_consumed", limit,
                () -> OAuth2Cleanups.consumedRefreshTokens(dsl, since, until, limit));
    }

    private Mono<Cleanup> cleanup(String operation, int limit,
            Supplier<ResultQuery<Record1<OffsetDateTime>>> query) {
        return Mono.fromRunnable(() -> Cleanups.requirePositive(limit))
                .thenMany(Flux.defer(() -> db.fetch(operation, query.get())))
                .map(row -> instant(row.value1()))
                .collectList()
                .map(Cleanups::batch);
    }

    static RefreshToken refreshToken(Oauth2RefreshTokensRecord row) {
        Ulid id = ulid(row.getOauth2RefreshTokenId());
        OffsetDateTime revokedAt = row.getRevokedAt();
        OffsetDateTime consumedAt = row.getConsumedAt();
        RefreshToken.State state;
        if (revokedAt != null && consumedAt != null) {
            throw new InconsistencyException(TABLE, "consumed_at", id, "set together with revoked_at");
        } else if (revokedAt != null) {
            if (row.getNextOauth2RefreshTokenId() != null) {
                throw new InconsistencyException(TABLE, "next_oauth2_refresh_token_id", id,
                        "set on a revoked token");
            }
            state = new RefreshToken.State.Revoked(instant(revokedAt));
        } else if (consumedAt != null) {
            state = new RefreshToken.State.Consumed(instant(consumedAt),
                    optionalUlid(row.getNextOauth2RefreshTokenId()));
        } else {
            if (row.getNextOauth2RefreshTokenId() != null) {
                throw new InconsistencyException(TABLE, "next_oauth2_refresh_token_id", id,
                        "set on a token that was not consumed");
            }
            state = RefreshToken.State.VALID;
        }
        return new RefreshToken(id, state, ulid(row.getOauth2SessionId()), row.getRefreshToken(),
                instant(row.getCreatedAt()), optionalUlid(row.getOauth2AccessTokenId()));
    }
}
