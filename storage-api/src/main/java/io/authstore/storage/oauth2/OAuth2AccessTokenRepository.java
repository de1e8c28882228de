package io.authstore.storage.oauth2;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** Access tokens of OAuth 2.0 sessions. */
public interface OAuth2AccessTokenRepository {

    Mono<AccessToken> lookup(Ulid id);

    /**
     * The token with this value, revoked or expired or not (the caller decides); empty when there is none. One
     * statement by the unique key, rendered once: it runs on nearly every request a resource server serves.
     */
    Mono<AccessToken> findByToken(String token);

    /**
     * A new token of {@code session}, expiring {@code lifetime} after now (never when empty). Fails with
     * {@code ConflictException} when the value is taken (the session stays usable).
     */
    Mono<AccessToken> add(Clock clock, RandomSource random, OAuth2Session session, String token,
            Optional<Duration> lifetime);

    /** Revokes a valid token; {@code InvalidTransitionException} when already revoked. */
    Mono<AccessToken> revoke(Clock clock, AccessToken token);

    /** Records when the token was used; {@code NotAffectedException} when it is gone. */
    Mono<AccessToken> markUsed(Clock clock, AccessToken token);

    /** Deletes up to {@code limit} tokens revoked in {@code [since, until)}, oldest first. */
    Mono<Cleanup> cleanupRevoked(Instant since, Instant until, int limit);

    /** Deletes up to {@code limit} tokens that expired in {@code [since, until)}, oldest first. */
    Mono<Cleanup> cleanupExpired(Instant since, Instant until, int limit);
}
