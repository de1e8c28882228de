package io.authstore.storage.jooq.users;

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
import io.authstore.storage.users.*;
import io.authstore.storage.jooq.Statements;

/** TODO: being implemented. */
public final class JooqUserEmailRepository implements UserEmailRepository {

    private final Statements db;

    public JooqUserEmailRepository(Statements statements) {
        this.db = statements;
    }

    @Override
    public Mono<UserEmail> lookup(Ulid id) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserEmail> find(User user, String email) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserEmail> findByEmail(String email) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Flux<UserEmail> all(User user) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Page<UserEmail>> list(UserEmailFilter filter, Pagination pagination) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Long> count(UserEmailFilter filter) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserEmail> add(Clock clock, RandomSource random, User user, String email) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Void> remove(UserEmail email) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Long> removeBulk(UserEmailFilter filter) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserEmailAuthentication> addAuthenticationForSession( Clock clock, RandomSource random, String email, BrowserSession session) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserEmailAuthentication> addAuthenticationForRegistration( Clock clock, RandomSource random, String email, UserRegistration registration) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserEmailAuthenticationCode> addAuthenticationCode( Clock clock, RandomSource random, Duration lifetime, UserEmailAuthentication authentication, String code) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserEmailAuthentication> lookupAuthentication(Ulid id) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserEmailAuthenticationCode> findAuthenticationCode(UserEmailAuthentication authentication, String code) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserEmailAuthentication> completeAuthenticationWithCode( Clock clock, UserEmailAuthentication authentication, UserEmailAuthenticationCode code) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserEmailAuthentication> completeAuthenticationWithUpstream( Clock clock, UserEmailAuthentication authentication, Ulid upstreamOAuthAuthorizationSessionId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Cleanup> cleanupAuthentications(Instant since, Instant until, int limit) {
        throw new UnsupportedOperationException("not implemented yet");
    }

}
