package io.authstore.storage.users;

import static io.authstore.storage.InvalidTransitionException.check;

import io.authstore.storage.Ulid;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Someone asked to recover the account(s) of an e-mail address; consumed once a ticket of it was used. Started
 * whether or not the address belongs to anyone, so that the answer does not reveal it.
 */
public record UserRecoverySession(
        Ulid id,
        String email,
        String userAgent,
        Optional<InetAddress> ipAddress,
        String locale,
        Instant createdAt,
        Optional<Instant> consumedAt) {

    public UserRecoverySession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(ipAddress, "ipAddress");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(consumedAt, "consumedAt");
    }

    /**
     * Consumes the session by using one of its tickets, still valid {@code at}.
     *
     * @throws IllegalArgumentException when the ticket is another session's: a mistake of the caller
     */
    public UserRecoverySession consumeWith(UserRecoveryTicket ticket, Instant at) {
        if (!ticket.userRecoverySessionId().equals(id)) {
            throw new IllegalArgumentException("the ticket belongs to recovery session "
                    + ticket.userRecoverySessionId() + ", not to " + id);
        }
        check(ticket.isValidAt(at), "recovery session", id, "consume", "the ticket expired at " + ticket.expiresAt());
        return consume(at);
    }

    public UserRecoverySession consume(Instant at) {
        check(consumedAt.isEmpty(), "recovery session", id, "consume",
                "it was already consumed at " + consumedAt.orElse(null));
        return new UserRecoverySession(id, email, userAgent, ipAddress, locale, createdAt, Optional.of(at));
    }
}
