package io.authstore.storage.jooq.users;

import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import io.authstore.storage.users.*;
import io.authstore.storage.jooq.Statements;

/** TODO: being implemented. */
public final class JooqUserTermsRepository implements UserTermsRepository {

    private final Statements db;

    public JooqUserTermsRepository(Statements statements) {
        this.db = statements;
    }

    @Override
    public Mono<UserTerms> acceptTerms(Clock clock, RandomSource random, User user, String termsUrl) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Flux<UserTerms> all(User user) {
        throw new UnsupportedOperationException("not implemented yet");
    }

}
