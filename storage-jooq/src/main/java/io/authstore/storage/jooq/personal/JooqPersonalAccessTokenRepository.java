package io.authstore.storage.jooq.personal;

import static io.authstore.snapshot.Tables.PERSONAL_ACCESS_TOKENS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalInstant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;
import static io.authstore.storage.jooq.PreparedQuery.eqValue;
import static io.authstore.storage.jooq.PreparedQuery.value;

import io.authstore.snapshot.tables.records.PersonalAccessTokensRecord;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Convert;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.personal.PersonalAccessToken;
import io.authstore.storage.personal.PersonalAccessTokenRepository;
import io.authstore.storage.personal.PersonalSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jooq.impl.DSL;
import reactor.core.publisher.Mono;

public final class JooqPersonalAccessTokenRepository implements PersonalAccessTokenRepository {

    private static final String TABLE = "personal_access_tokens";

    private final Statements db;

    public JooqPersonalAccessTokenRepository(Statements statements) {
        this.db = statements;
    }

    /** The SHA-256 of the token's UTF-8 bytes: all that is stored of it. */
    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    // findByToken runs on every request made with a personal token: rendered once, bound per call.
    private static final PreparedQuery<PersonalAccessTokensRecord> BY_ID =
            PreparedQuery.lookup(PERSONAL_ACCESS_TOKENS, PERSONAL_ACCESS_TOKENS.PERSONAL_ACCESS_TOKEN_ID);
    private static final PreparedQuery<PersonalAccessTokensRecord> BY_HASH =
            PreparedQuery.lookup(PERSONAL_ACCESS_TOKENS, PERSONAL_ACCESS_TOKENS.ACCESS_TOKEN_SHA256);
    private static final PreparedQuery<PersonalAccessTokensRecord> ACTIVE_FOR_SESSION = PreparedQuery.of(
            DSL.selectFrom(PERSONAL_ACCESS_TOKENS)
                    .where(eqValue(PERSONAL_ACCESS_TOKENS.PERSONAL_SESSION_ID))
                    .and(PERSONAL_ACCESS_TOKENS.REVOKED_AT.isNull()));

    @Override
    public Mono<PersonalAccessToken> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.personal_access_token.lookup", BY_ID.with(uuid(id))))
                .map(JooqPersonalAccessTokenRepository::token);
    }

    @Override
    public Mono<PersonalAccessToken> findByToken(String accessToken) {
        // Hashed, so a NUL is no problem for the database: nothing of the text reaches SQL.
        return Mono.defer(() -> db.fetchOptional("db.personal_access_token.find_by_token",
                        BY_HASH.with(sha256(accessToken))))
                .map(JooqPersonalAccessTokenRepository::token);
    }

    @Override
    public Mono<PersonalAccessToken> findActiveForSession(PersonalSession session) {
        return Mono.defer(() -> db.fetchOptional("db.personal_access_token.find_active_for_session",
                        ACTIVE_FOR_SESSION.with(uuid(session.id()))))
                .map(JooqPersonalAccessTokenRepository::token);
    }

    // Rendered once, bound per call.
    private static final PreparedQuery<PersonalAccessTokensRecord> ADD = PreparedQuery.of(
            PreparedQuery.insertInto(PERSONAL_ACCESS_TOKENS,
                    PERSONAL_ACCESS_TOKENS.PERSONAL_ACCESS_TOKEN_ID, PERSONAL_ACCESS_TOKENS.PERSONAL_SESSION_ID,
                    PERSONAL_ACCESS_TOKENS.ACCESS_TOKEN_SHA256, PERSONAL_ACCESS_TOKENS.CREATED_AT,
                    PERSONAL_ACCESS_TOKENS.EXPIRES_AT)
                    // Either unique key: the hash, or the partial index of one unrevoked token per session.
                    .onConflictDoNothing()
                    .returning());

    @Override
    public Mono<PersonalAccessToken> add(
            Clock clock, RandomSource random, PersonalSession session, String accessToken,
            Optional<Duration> expiresAfter) {
        String operation = "db.personal_access_token.add";
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            Optional<Instant> expiresAt = expiresAfter.map(now::plus);
            return db.fetchOptional(operation, ADD.with(uuid(id), uuid(session.id()), sha256(accessToken),
                            timestamp(now), expiresAt.map(Convert::timestamp).orElse(null)))
                    .map(JooqPersonalAccessTokenRepository::token)
                    .switchIfEmpty(Mono.defer(() -> findActiveForSession(session)
                            .map(active -> new ConflictException(TABLE, "personal_access_tokens_personal_session_id_idx",
                                    "personal session " + session.id() + " has an unrevoked token already ("
                                            + active.id() + "); revoke it first"))
                            .defaultIfEmpty(new ConflictException(TABLE,
                                    "personal_access_tokens_access_token_sha256_key", "this token is taken"))
                            .flatMap(Mono::error)));
        });
    }

    // COALESCE: revoking again succeeds, as in MAS, but keeps the time of the first revocation.
    private static final PreparedQuery<PersonalAccessTokensRecord> REVOKE = PreparedQuery.of(
            DSL.update(PERSONAL_ACCESS_TOKENS)
                    .set(PERSONAL_ACCESS_TOKENS.REVOKED_AT, DSL.coalesce(
                            PERSONAL_ACCESS_TOKENS.REVOKED_AT, value(PERSONAL_ACCESS_TOKENS.REVOKED_AT)))
                    .where(eqValue(PERSONAL_ACCESS_TOKENS.PERSONAL_ACCESS_TOKEN_ID))
                    .returning());

    @Override
    public Mono<PersonalAccessToken> revoke(Clock clock, PersonalAccessToken token) {
        return Mono.defer(() -> db.changeReturning("db.personal_access_token.revoke",
                        REVOKE.with(timestamp(clock.now()), uuid(token.id())), TABLE, token.id()))
                .map(JooqPersonalAccessTokenRepository::token);
    }

    static PersonalAccessToken token(PersonalAccessTokensRecord row) {
        return new PersonalAccessToken(
                ulid(row.getPersonalAccessTokenId()),
                ulid(row.getPersonalSessionId()),
                instant(row.getCreatedAt()),
                optionalInstant(row.getExpiresAt()),
                optionalInstant(row.getRevokedAt()));
    }
}
