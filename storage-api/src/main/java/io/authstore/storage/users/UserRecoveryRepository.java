package io.authstore.storage.users;

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

/** Account recovery: sessions, and the tickets sent to the addresses they concern. */
public interface UserRecoveryRepository {

    /** How long a ticket can be used, as in MAS. */
    Duration TICKET_LIFETIME = Duration.ofMinutes(10);

    Mono<UserRecoverySession> lookupSession(Ulid id);

    Mono<UserRecoverySession> addSession(
            Clock clock,
            RandomSource random,
            String email,
            String userAgent,
            Optional<InetAddress> ipAddress,
            String locale);

    /** The ticket with this secret, expired or not; empty when there is none. */
    Mono<UserRecoveryTicket> findTicket(String ticket);

    /** Issues a ticket for one address of the session, valid for {@link #TICKET_LIFETIME}. */
    Mono<UserRecoveryTicket> addTicket(
            Clock clock, RandomSource random, UserRecoverySession session, UserEmail email, String ticket);

    /**
     * Uses a ticket: consumes its session. Fails with {@link InvalidTransitionException} when the ticket has
     * expired or the session was already consumed, with {@code NotAffectedException} when it was consumed
     * concurrently or the ticket was deleted since (with its e-mail address), and with
     * {@link IllegalArgumentException} when the ticket is another session's.
     */
    Mono<UserRecoverySession> consumeTicket(Clock clock, UserRecoveryTicket ticket, UserRecoverySession session);

    /**
     * Deletes up to {@code limit} sessions (with their tickets) created in {@code [since, until)}, oldest first;
     * {@code since} null means from the beginning.
     */
    Mono<Cleanup> cleanup(Instant since, Instant until, int limit);
}
