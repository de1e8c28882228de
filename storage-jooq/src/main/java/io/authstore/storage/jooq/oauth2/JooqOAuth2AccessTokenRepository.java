package io.authstore.storage.jooq.oauth2;

import static io.authstore.snapshot.Tables.OAUTH2_ACCESS_TOKENS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalInstant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;
import static io.authstore.storage.jooq.PreparedQuery.eqValue;
import static io.authstore.storage.jooq.PreparedQuery.value;

import io.authstore.snapshot.tables.records.Oauth2AccessTokensRecord;
import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Cleanups;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.oauth2.AccessToken;
import io.authstore.storage.oauth2.OAuth2AccessTokenRepository;
import io.authstore.storage.oauth2.OAuth2Session;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class JooqOAuth2AccessTokenRepository implements OAuth2AccessTokenRepository {

    static final String TABLE = "oauth2_access_tokens";

    // findByToken is the hottest read of the server (every introspection): rendered once, bound per call.
    private static final PreparedQuery<Oauth2AccessTokensRecord> BY_TOKEN =
            PreparedQuery.lookup(OAUTH2_ACCESS_TOKENS, OAUTH2_ACCESS_TOKENS.ACCESS_TOKEN);
    private static final PreparedQuery<Oauth2AccessTokensRecord> BY_ID =
            PreparedQuery.lookup(OAUTH2_ACCESS_TOKENS, OAUTH2_ACCESS_TOKENS.OAUTH2_ACCESS_TOKEN_ID);

    private final Statements db;
    private final DSLContext dsl;

    public JooqOAuth2AccessTokenRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    @Override
    public Mono<AccessToken> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.oauth2_access_token.lookup", BY_ID.with(uuid(id))))
                .map(JooqOAuth2AccessTokenRepository::accessToken);
    }

    @Override
    public Mono<AccessToken> findByToken(String token) {
        if (Text.hasNul(token)) {
            return Text.refused("token");
        }
        return Mono.defer(() -> db.fetchOptional("db.oauth2_access_token.find_by_token", BY_TOKEN.with(token)))
                .map(JooqOAuth2AccessTokenRepository::accessToken);
    }

    // Runs on every token issued: rendered once (PreparedQuery), its values bound per call.
    private static final PreparedQuery<Oauth2AccessTokensRecord> ADD = PreparedQuery.of(
            PreparedQuery.insertInto(OAUTH2_ACCESS_TOKENS,
                    OAUTH2_ACCESS_TOKENS.OAUTH2_ACCESS_TOKEN_ID, OAUTH2_ACCESS_TOKENS.OAUTH2_SESSION_ID,
                    OAUTH2_ACCESS_TOKENS.ACCESS_TOKEN, OAUTH2_ACCESS_TOKENS.CREATED_AT,
                    OAUTH2_ACCESS_TOKENS.EXPIRES_AT)
                    .onConflict(OAUTH2_ACCESS_TOKENS.ACCESS_TOKEN)
                    .doNothing()
                    .returning());

    @Override
    public Mono<AccessToken> add(Clock clock, RandomSource random, OAuth2Session session, String token,
            Optional<Duration> lifetime) {
        if (Text.hasNul(token)) {
            return Text.refused("token");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchOptional("db.oauth2_access_token.add", ADD.with(uuid(id), uuid(session.id()), token,
                            timestamp(now), timestamp(lifetime.map(now::plus).orElse(null))))
                    .map(JooqOAuth2AccessTokenRepository::accessToken)
                    .switchIfEmpty(Mono.error(() -> new ConflictException(TABLE,
                            "oauth2_access_tokens_unique", "the access token value is taken")));
        });
    }

    private static final PreparedQuery<Record> REVOKE = PreparedQuery.of(DSL.update(OAUTH2_ACCESS_TOKENS)
            .set(OAUTH2_ACCESS_TOKENS.REVOKED_AT, value(OAUTH2_ACCESS_TOKENS.REVOKED_AT))
            .where(eqValue(OAUTH2_ACCESS_TOKENS.OAUTH2_ACCESS_TOKEN_ID))
            .and(OAUTH2_ACCESS_TOKENS.REVOKED_AT.isNull()));

    @Override
    public Mono<AccessToken> revoke(Clock clock, AccessToken token) {
        return db.change("db.oauth2_access_token.revoke", () -> token.revoke(clock.now()),
                revoked -> REVOKE.with(timestamp(((AccessToken.State.Revoked) revoked.state()).revokedAt()),
                        uuid(token.id())),
                TABLE, token.id());
    }

    private static final PreparedQuery<Record> MARK_USED = PreparedQuery.of(DSL.update(OAUTH2_ACCESS_TOKENS)
            .set(OAUTH2_ACCESS_TOKENS.FIRST_USED_AT, value(OAUTH2_ACCESS_TOKENS.FIRST_USED_AT))
            .where(eqValue(OAUTH2_ACCESS_TOKENS.OAUTH2_ACCESS_TOKEN_ID)));

    @Override
    public Mono<AccessToken> markUsed(Clock clock, AccessToken token) {
        return db.change("db.oauth2_access_token.mark_used", () -> token.markUsed(clock.now()),
                used -> MARK_USED.with(timestamp(used.firstUsedAt().orElseThrow()), uuid(token.id())),
                TABLE, token.id());
    }

    @Override
    public Mono<Cleanup> cleanupRevoked(Instant since, Instant until, int limit) {
        return cleanup("db.oauth2_access_token.cleanup_revoked", limit,
                () -> OAuth2Cleanups.revokedAccessTokens(dsl, since, until, limit));
    }

    @Override
    public Mono<Cleanup> cleanupExpired(Instant since, Instant until, int limit) {
        return cleanup("db.oauth2_access_token.cleanup_expired", limit,
                () -> OAuth2Cleanups.expiredAccessTokens(dsl, since, until, limit));
    }

    private Mono<Cleanup> cleanup(String operation, int limit,
            java.util.function.Supplier<ResultQuery<Record1<OffsetDateTime>>> query) {
        return Mono.fromRunnable(() -> Cleanups.requirePositive(limit))
                .thenMany(Flux.defer(() -> db.fetch(operation, query.get())))
                .map(row -> instant(row.value1()))
                .collectList()
                .map(Cleanups::batch);
    }

    static AccessToken accessToken(Oauth2AccessTokensRecord row) {
        OffsetDateTime revokedAt = row.getRevokedAt();
        return new AccessToken(
                ulid(row.getOauth2AccessTokenId()),
                revokedAt == null ? AccessToken.State.VALID : new AccessToken.State.Revoked(instant(revokedAt)),
                ulid(row.getOauth2SessionId()),
                row.getAccessToken(),
                instant(row.getCreatedAt()),
                optionalInstant(row.getExpiresAt()),
                optionalInstant(row.getFirstUsedAt()));
    }
}
