package io.authstore.storage.jooq.users;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;
import io.authstore.storage.users.*;
import io.authstore.storage.jooq.Statements;

/** TODO: being implemented. */
public final class JooqUserRegistrationRepository implements UserRegistrationRepository {

    private final Statements db;

    public JooqUserRegistrationRepository(Statements statements) {
        this.db = statements;
    }

    @Override
    public Mono<UserRegistration> lookup(Ulid id) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRegistration> add( Clock clock, RandomSource random, String username, Optional<InetAddress> ipAddress, Optional<String> userAgent, Optional<String> postAuthAction) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRegistration> setDisplayName(UserRegistration registration, String displayName) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRegistration> setTermsUrl(UserRegistration registration, String termsUrl) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRegistration> setEmailAuthentication( UserRegistration registration, UserEmailAuthentication authentication) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRegistration> setPassword(UserRegistration registration, String hashedPassword, int version) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRegistration> setRegistrationToken(UserRegistration registration, UserRegistrationToken token) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRegistration> setUpstreamOAuthAuthorizationSession( UserRegistration registration, Ulid upstreamOAuthAuthorizationSessionId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRegistration> complete(Clock clock, UserRegistration registration) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Cleanup> cleanup(Instant since, Instant until, int limit) {
        throw new UnsupportedOperationException("not implemented yet");
    }

}
