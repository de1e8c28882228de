package io.authstore.storage.users;

import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Registration tokens, managed by administrators and used by registrations.
 *
 * <p>Every change ({@link #useToken}, {@link #revoke}, {@link #unrevoke}, {@link #setExpiry},
 * {@link #setUsageLimit}) changes only its own column(s) and returns the token as stored afterwards (read back by
 * the update), so a stale copy gets the current values of the other columns back. A token that no longer exists
 * fails with {@code NotAffectedException}. A usage limit below 0 is refused with {@code IllegalArgumentException}.
 */
public interface UserRegistrationTokenRepository {

    /** The token, or empty when there is none with that id. */
    Mono<UserRegistrationToken> lookup(Ulid id);

    /** The token whose value is exactly {@code token}, or empty. */
    Mono<UserRegistrationToken> findByToken(String token);

    /**
     * Creates a token; fails with {@link ConflictException} when one with that value exists (the session stays
     * usable; MAS's insert fails with a unique violation instead).
     */
    Mono<UserRegistrationToken> add(
            Clock clock,
            RandomSource random,
            String token,
            Optional<Integer> usageLimit,
            Optional<Instant> expiresAt);

    /**
     * Counts one use at the clock's time and returns the token as stored: {@code timesUsed} is counted in the
     * database, so a stale copy does not lose uses. A copy that is not valid at that time (revoked, expired or at its
     * usage limit: {@link UserRegistrationToken#isValidAt}) fails with {@code InvalidTransitionException}; the update
     * checks the row again, so a token revoked, expired or used up since the copy was read (two registrations racing
     * for its last use), or deleted, fails with {@code NotAffectedException}. MAS refuses only a revoked token here.
     */
    Mono<UserRegistrationToken> useToken(Clock clock, UserRegistrationToken token);

    /**
     * Revokes the token and returns it as stored. Revoking a revoked token (again, or through a stale copy) succeeds
     * and keeps the time of the first revocation (MAS stamps it again).
     */
    Mono<UserRegistrationToken> revoke(Clock clock, UserRegistrationToken token);

    /** Clears the revocation and returns the token as stored; a token that is not revoked stays as it is. */
    Mono<UserRegistrationToken> unrevoke(UserRegistrationToken token);

    /** Sets, replaces or (empty) removes the expiry, whatever the copy says, and returns the token as stored. */
    Mono<UserRegistrationToken> setExpiry(UserRegistrationToken token, Optional<Instant> expiresAt);

    /**
     * Sets, replaces or (empty) removes the usage limit, whatever the copy says (even below the uses so far), and
     * returns the token as stored.
     */
    Mono<UserRegistrationToken> setUsageLimit(UserRegistrationToken token, Optional<Integer> usageLimit);

    /** The tokens the filter matches, by id (creation order); see {@link UserRegistrationTokenFilter}. */
    Mono<Page<UserRegistrationToken>> list(UserRegistrationTokenFilter filter, Pagination pagination);

    /** How many tokens the filter matches. */
    Mono<Long> count(UserRegistrationTokenFilter filter);
}
