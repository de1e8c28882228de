package io.authstore.storage.jooq.users;

import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import java.util.Optional;
import reactor.core.publisher.Mono;
import io.authstore.storage.users.*;
import io.authstore.storage.jooq.Statements;

/** TODO: being implemented. */
public final class JooqUserPasswordRepository implements UserPasswordRepository {

    private final Statements db;

    public JooqUserPasswordRepository(Statements statements) {
        this.db = statements;
    }

    @Override
    public Mono<Password> active(User user) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Password> add( Clock clock, RandomSource random, User user, int version, String hashedPassword, Optional<Password> upgradedFrom) {
        throw new UnsupportedOperationException("not implemented yet");
    }

}
