package io.authstore.storage.users;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Users' e-mail addresses, and the authentications (with codes) that prove control of an address. */
public interface UserEmailRepository {

    Mono<UserEmail> lookup(Ulid id);

    /** This user's entry for this address, ignoring case; the oldest should the user have it twice. */
    Mono<UserEmail> find(User user, String email);

    /**
     * The entry for this address, ignoring case; empty when there is none, and also when there are several (the
     * address does not tell which account is meant).
     */
    Mono<UserEmail> findByEmail(String email);

    /** Every address of the user, in alphabetical order (as MAS lists them). */
    Flux<UserEmail> all(User user);

    Mono<Page<UserEmail>> list(UserEmailFilter filter, Pagination pagination);

    Mono<Long> count(UserEmailFilter filter);

    Mono<UserEmail> add(Clock clock, RandomSource random, User user, String email);

    /** Removes the address; fails with {@code NotAffectedException} when it was already gone. */
    Mono<Void> remove(UserEmail email);

    /** Removes every address the filter matches and returns how many. */
    Mono<Long> removeBulk(UserEmailFilter filter);

    Mono<UserEmailAuthentication> addAuthenticationForSession(
            Clock clock, RandomSource random, String email, BrowserSession session);

    Mono<UserEmailAuthentication> addAuthenticationForRegistration(
            Clock clock, RandomSource random, String email, UserRegistration registration);

    /**
     * Adds a code, valid for {@code lifetime}, to an authentication that is not completed; fails with
     * {@link ConflictException} when the authentication already has this code.
     */
    Mono<UserEmailAuthenticationCode> addAuthenticationCode(
            Clock clock, RandomSource random, Duration lifetime, UserEmailAuthentication authentication, String code);

    Mono<UserEmailAuthentication> lookupAuthentication(Ulid id);

    /** The code of this authentication, whether or not it has expired; empty when it has no such code. */
    Mono<UserEmailAuthenticationCode> findAuthenticationCode(UserEmailAuthentication authentication, String code);

    /**
     * Completes the authentication with a code of its own that has not expired. Fails with
     * {@link InvalidTransitionException} when the code expired or the authentication is already completed, and with
     * {@link IllegalArgumentException} when the code is another authentication's.
     */
    Mono<UserEmailAuthentication> completeAuthenticationWithCode(
            Clock clock, UserEmailAuthentication authentication, UserEmailAuthenticationCode code);

    /** Completes the authentication because an upstream provider vouched for the address. */
    Mono<UserEmailAuthentication> completeAuthenticationWithUpstream(
            Clock clock, UserEmailAuthentication authentication, Ulid upstreamOAuthAuthorizationSessionId);

    /**
     * Deletes up to {@code limit} authentications (with their codes) created in {@code [since, until)}, oldest first;
     * {@code since} null means from the beginning. Resume from {@link Cleanup#resumeFrom()}.
     */
    Mono<Cleanup> cleanupAuthentications(Instant since, Instant until, int limit);
}
