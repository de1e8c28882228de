package io.authstore.storage.oauth2;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import java.time.Instant;
import reactor.core.publisher.Mono;

/** Refresh tokens of OAuth 2.0 sessions. */
public interface OAuth2RefreshTokenRepository {

    Mono<RefreshToken> lookup(Ulid id);

    /** The token with this value, whatever its state; empty when there is none. */
    Mono<RefreshToken> findByToken(String token);

    /**
     * A new token of {@code session}, issued with {@code accessToken}. {@code ConflictException} when the value is
     * taken (the session stays usable).
     */
    Mono<RefreshToken> add(Clock clock, RandomSource random, OAuth2Session session, AccessToken accessToken,
            String token);

    /**
     * Marks the token consumed, replaced by {@code replacedBy}. A consumed token may be consumed again (the link then
     * points to the newer replacement); a revoked one is refused with {@code InvalidTransitionException}.
     */
    Mono<RefreshToken> consume(Clock clock, RefreshToken token, RefreshToken replacedBy);

    /** Revokes a valid token; {@code InvalidTransitionException} when it is consumed or revoked. */
    Mono<RefreshToken> revoke(Clock clock, RefreshToken token);

    /** Deletes up to {@code limit} tokens revoked in {@code [since, until)}, oldest first. */
    Mono<Cleanup> cleanupRevoked(Instant since, Instant until, int limit);

    /**
     * Deletes up to {@code limit} tokens consumed in {@code [since, until)}, oldest first, whose replacement was
     * consumed too (or is gone): the last link of a chain is kept, so a replay of it can still be recognised.
     */
    Mono<Cleanup> cleanupConsumed(Instant since, Instant until, int limit);
}
