package io.authstore.storage.users;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Registrations in progress. Every setter fails with {@code InvalidTransitionException} on a completed
 * registration, and returns the registration as stored.
 */
public interface UserRegistrationRepository {

    Mono<UserRegistration> lookup(Ulid id);

    /** @param postAuthAction JSON, stored as {@code jsonb} */
    Mono<UserRegistration> add(
            Clock clock,
            RandomSource random,
            String username,
            Optional<InetAddress> ipAddress,
            Optional<String> userAgent,
            Optional<String> postAuthAction);

    Mono<UserRegistration> setDisplayName(UserRegistration registration, String displayName);

    Mono<UserRegistration> setTermsUrl(UserRegistration registration, String termsUrl);

    Mono<UserRegistration> setEmailAuthentication(
            UserRegistration registration, UserEmailAuthentication authentication);

    Mono<UserRegistration> setPassword(UserRegistration registration, String hashedPassword, int version);

    Mono<UserRegistration> setRegistrationToken(UserRegistration registration, UserRegistrationToken token);

    Mono<UserRegistration> setUpstreamOAuthAuthorizationSession(
            UserRegistration registration, Ulid upstreamOAuthAuthorizationSessionId);

    Mono<UserRegistration> complete(Clock clock, UserRegistration registration);

    /**
     * Deletes up to {@code limit} registrations created in {@code [since, until)}, oldest first; {@code since} null
     * means from the beginning. Their e-mail authentications go with them.
     */
    Mono<Cleanup> cleanup(Instant since, Instant until, int limit);
}
