package io.authstore.storage.jooq.users;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;
import io.authstore.storage.users.*;
import io.authstore.storage.jooq.Statements;

/** TODO: being implemented. */
public final class JooqUserRecoveryRepository implements UserRecoveryRepository {

    private final Statements db;

    public JooqUserRecoveryRepository(Statements statements) {
        this.db = statements;
    }

    @Override
    public Mono<UserRecoverySession> lookupSession(Ulid id) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRecoverySession> addSession( Clock clock, RandomSource random, String email, String userAgent, Optional<InetAddress> ipAddress, String locale) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRecoveryTicket> findTicket(String ticket) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRecoveryTicket> addTicket( Clock clock, RandomSource random, UserRecoverySession session, UserEmail email, String ticket) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<UserRecoverySession> consumeTicket(Clock clock, UserRecoveryTicket ticket, UserRecoverySession session) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Cleanup> cleanup(Instant since, Instant until, int limit) {
        throw new UnsupportedOperationException("not implemented yet");
    }

}
