package io.authstore.storage.jooq.users;

import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;
import io.authstore.storage.users.*;
import io.authstore.storage.jooq.Statements;

/** TODO: being implemented. */
public final class JooqUserRegistrationTokenRepository implements UserRegistrationTokenRepository {

    private final Statements db;

    public JooqUserRegistrationTokenRepository(Statements statements) {
        this.db = statements;
    }

    @Override
    public Mono<UserRegistrationToken> lookup(Ulid id) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRegistrationToken> findByToken(String token) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRegistrationToken> add( Clock clock, RandomSource random, String token, Optional<Integer> usageLimit, Optional<Instant> expiresAt) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRegistrationToken> useToken(Clock clock, UserRegistrationToken token) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRegistrationToken> revoke(Clock clock, UserRegistrationToken token) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRegistrationToken> unrevoke(UserRegistrationToken token) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRegistrationToken> setExpiry(UserRegistrationToken token, Optional<Instant> expiresAt) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRegistrationToken> setUsageLimit(UserRegistrationToken token, Optional<Integer> usageLimit) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Page<UserRegistrationToken>> list(UserRegistrationTokenFilter filter, Pagination pagination) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Long> count(UserRegistrationTokenFilter filter) {
        throw new UnsupportedOperationException("not implemented yet");
    }

}
