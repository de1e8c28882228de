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

/** Registration tokens, managed by administrators and used by registrations. */
public interface UserRegistrationTokenRepository {

    Mono<UserRegistrationToken> lookup(Ulid id);

    Mono<UserRegistrationToken> findByToken(String token);

    /** Creates a token; fails with {@link ConflictException} when it exists. */
    Mono<UserRegistrationToken> add(
            Clock clock,
            RandomSource random,
            String token,
            Optional<Integer> usageLimit,
            Optional<Instant> expiresAt);

    /**
     * Counts one use and returns the token as stored. Fails with {@code InvalidTransitionException} when the copy is
     * not valid now; the check is repeated in the update, so concurrent uses cannot exceed the limit: the one that
     * finds the row no longer valid fails with {@code NotAffectedException}.
     */
    Mono<UserRegistrationToken> useToken(Clock clock, UserRegistrationToken token);

    Mono<UserRegistrationToken> revoke(Clock clock, UserRegistrationToken token);

    Mono<UserRegistrationToken> unrevoke(UserRegistrationToken token);

    /** Sets or (empty) removes the expiry. */
    Mono<UserRegistrationToken> setExpiry(UserRegistrationToken token, Optional<Instant> expiresAt);

    /** Sets or (empty) removes the usage limit. */
    Mono<UserRegistrationToken> setUsageLimit(UserRegistrationToken token, Optional<Integer> usageLimit);

    Mono<Page<UserRegistrationToken>> list(UserRegistrationTokenFilter filter, Pagination pagination);

    Mono<Long> count(UserRegistrationTokenFilter filter);
}
