package io.authstore.storage.compat;

import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** Access tokens of compatibility sessions. */
public interface CompatAccessTokenRepository {

    /** The token with this id; empty when there is none. */
    Mono<CompatAccessToken> lookup(Ulid id);

    /** The token with this value; empty when there is none. */
    Mono<CompatAccessToken> findByToken(String accessToken);

    /**
     * Adds a token to {@code session}, expiring {@code expiresAfter} from now (never when empty);
     * {@code ConflictException} when the token value is taken.
     */
    Mono<CompatAccessToken> add(
            Clock clock, RandomSource random, CompatSession session, String token, Optional<Duration> expiresAfter);

    /**
     * Makes the token expire now, unless it has already expired: then it keeps when it did (a repeat, or a stale copy,
     * succeeds and changes nothing). Returns the token as stored; {@code NotAffectedException} when it is gone.
     */
    Mono<CompatAccessToken> expire(Clock clock, CompatAccessToken token);
}
