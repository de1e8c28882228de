package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.USER_EMAILS;
import static io.authstore.snapshot.Tables.USER_RECOVERY_SESSIONS;
import static io.authstore.snapshot.Tables.USER_RECOVERY_TICKETS;
import static io.authstore.storage.jooq.Convert.timestamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.Cleanup;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserEmail;
import io.authstore.storage.users.UserRecoveryRepository;
import io.authstore.storage.users.UserRecoverySession;
import io.authstore.storage.users.UserRecoveryTicket;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

@ExtendWith(StorageExtension.class)
class UserRecoveryRepositoryTest {

    private static final String EMAIL = "alice@example.org";

    private static UserRecoverySession addSession(TestStorage storage) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(session -> session.userRecovery().addSession(storage.clock(), storage.random(), EMAIL,
                "Firefox", Optional.empty(), "en"));
    }

    private static UserRecoverySession lookup(TestStorage storage, UserRecoverySession session) {
        return storage.read(s -> s.userRecovery().lookupSession(session.id()));
    }

    /** A user and one address of theirs. */
    private static UserEmail email(TestStorage storage, String username) {
        User user = storage.saved(session -> session.user().add(storage.clock(), storage.random(), username));
        return storage.saved(session -> session.userEmail().add(storage.clock(), storage.random(), user, EMAIL));
    }

    private static UserRecoveryTicket addTicket(
            TestStorage storage, UserRecoverySession session, UserEmail email, String ticket) {
        return storage.saved(s -> s.userRecovery().addTicket(storage.clock(), storage.random(), session, email,
                ticket));
    }

    private static UserRecoverySession consume(
            TestStorage storage, UserRecoveryTicket ticket, UserRecoverySession session) {
        return storage.saved(s -> s.userRecovery().consumeTicket(storage.clock(), ticket, session));
    }

    @Test
    void addedSessionIsFoundById(TestStorage storage) {
        InetAddress address = InetAddress.ofLiteral("192.0.2.7");
        storage.clock().advance(Duration.ofSeconds(1));
        UserRecoverySession session = storage.saved(s -> s.userRecovery().addSession(storage.clock(),
                storage.random(), EMAIL, "Firefox", Optional.of(address), "fr"));

        assertThat(session.email()).isEqualTo(EMAIL);
        assertThat(session.userAgent()).isEqualTo("Firefox");
        assertThat(session.ipAddress()).contains(address);
        assertThat(session.locale()).isEqualTo("fr");
        assertThat(session.createdAt()).isEqualTo(storage.clock().now());
        assertThat(session.id().timestamp()).isEqualTo(storage.clock().now());
        assertThat(session.consumedAt()).isEmpty();
        assertThat(lookup(storage, session)).isEqualTo(session);

        UserRecoverySession withoutAddress = addSession(storage);
        assertThat(withoutAddress.ipAddress()).isEmpty();
        assertThat(lookup(storage, withoutAddress)).isEqualTo(withoutAddress);
    }

    @Test
    void lookupsOfAbsentSessionsAndTicketsAreEmptyNotErrors(TestStorage storage) {
        addTicket(storage, addSession(storage), email(storage, "alice"), "present");
        assertThat(storage.<UserRecoverySession>read(s -> s.userRecovery()
                .lookupSession(Ulid.parse("01KC0000000000000000000000")))).isNull();
        assertThat(storage.<UserRecoveryTicket>read(s -> s.userRecovery().findTicket("absent"))).isNull();
    }

    @Test
    void addedTicketExpiresAfterTheLifetimeAndIsFoundBySecret(TestStorage storage) {
        UserRecoverySession session = addSession(storage);
        UserEmail email = email(storage, "alice");
        storage.clock().advance(Duration.ofSeconds(3));

        UserRecoveryTicket ticket = addTicket(storage, session, email, "ticket-secret");
        assertThat(ticket.userRecoverySessionId()).isEqualTo(session.id());
        assertThat(ticket.userEmailId()).isEqualTo(email.id());
        assertThat(ticket.ticket()).isEqualTo("ticket-secret");
        assertThat(ticket.createdAt()).isEqualTo(storage.clock().now());
        assertThat(ticket.expiresAt()).isEqualTo(storage.clock().now().plus(UserRecoveryRepository.TICKET_LIFETIME));
        assertThat(ticket.toString()).doesNotContain("ticket-secret");

        storage.clock().advance(Duration.ofHours(1));
        assertThat(storage.<UserRecoveryTicket>read(s -> s.userRecovery().findTicket("ticket-secret")))
                .as("found even once expired").isEqualTo(ticket);
    }

    @Test
    void consumingATicketConsumesItsSessionOnce(TestStorage storage) {
        UserRecoverySession session = addSession(storage);
        UserRecoveryTicket ticket = addTicket(storage, session, email(storage, "alice"), "t");
        storage.clock().advance(Duration.ofMinutes(2));

        UserRecoverySession consumed = consume(storage, ticket, session);
        assertThat(consumed.consumedAt()).contains(storage.clock().now());
        assertThat(lookup(storage, session)).isEqualTo(consumed);

        assertThatThrownBy(() -> consume(storage, ticket, consumed))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("already consumed");
        assertThatThrownBy(() -> consume(storage, ticket, session))
                .as("a stale copy of the session")
                .isInstanceOf(NotAffectedException.class)
                .hasMessageContaining("db.user_recovery.consume_ticket")
                .hasMessageContaining(session.id().toString());
        assertThat(lookup(storage, session)).isEqualTo(consumed);
    }

    @Test
    void anExpiredTicketIsRefusedFromTheMomentItExpires(TestStorage storage) {
        UserRecoverySession session = addSession(storage);
        UserRecoveryTicket ticket = addTicket(storage, session, email(storage, "alice"), "t");

        storage.clock().set(ticket.expiresAt());
        assertThatThrownBy(() -> consume(storage, ticket, session))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("expired");
        assertThat(lookup(storage, session)).isEqualTo(session);

        storage.clock().set(ticket.expiresAt().minus(1, ChronoUnit.MICROS));
        assertThat(consume(storage, ticket, session).consumedAt()).contains(storage.clock().now());
    }

    @Test
    void aTicketOfAnotherSessionIsRefused(TestStorage storage) {
        UserEmail email = email(storage, "alice");
        UserRecoverySession mine = addSession(storage);
        UserRecoverySession other = addSession(storage);
        UserRecoveryTicket othersTicket = addTicket(storage, other, email, "t");

        assertThatThrownBy(() -> consume(storage, othersTicket, mine))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to recovery session " + other.id());
        assertThat(lookup(storage, mine)).isEqualTo(mine);
        assertThat(lookup(storage, other)).isEqualTo(other);
    }

    @Test
    void aTicketDeletedWithItsAddressNoLongerConsumes(TestStorage storage) {
        UserRecoverySession session = addSession(storage);
        UserEmail email = email(storage, "alice");
        UserRecoveryTicket ticket = addTicket(storage, session, email, "t");
        storage.sql().deleteFrom(USER_EMAILS).where(USER_EMAILS.USER_EMAIL_ID.eq(email.id().toUuid())).execute();

        assertThatThrownBy(() -> consume(storage, ticket, session)).isInstanceOf(NotAffectedException.class);
        assertThat(lookup(storage, session)).isEqualTo(session);
    }

    @Test
    void anErrorInsideTheSessionLeavesNothingWritten(TestStorage storage) {
        UserEmail email = email(storage, "alice");
        Mono<UserRecoveryTicket> failing = storage.factory().transaction(s -> s.userRecovery()
                .addSession(storage.clock(), storage.random(), EMAIL, "Firefox", Optional.empty(), "en")
                .flatMap(session -> s.userRecovery()
                        .addTicket(storage.clock(), storage.random(), session, email, "doomed"))
                .then(Mono.error(new RuntimeException("boom"))));

        assertThatThrownBy(() -> failing.block(TestStorage.TIMEOUT)).hasMessageContaining("boom");
        assertThat(storage.sql().fetchCount(USER_RECOVERY_SESSIONS)).isZero();
        assertThat(storage.sql().fetchCount(USER_RECOVERY_TICKETS)).isZero();
    }

    @Test
    void cleanupDeletesSessionsWithTheirTicketsInBatchesResumingFromTheCursor(TestStorage storage) {
        UserEmail email = email(storage, "alice");
        List<UserRecoverySession> sessions = List.of(addSession(storage), addSession(storage), addSession(storage));
        sessions.forEach(session -> addTicket(storage, session, email, "t-" + session.id()));
        UserRecoverySession atUntil = addSession(storage);
        UserRecoveryTicket kept = addTicket(storage, atUntil, email, "kept");
        Instant until = atUntil.createdAt();

        Cleanup first = cleanup(storage, null, until, 2);
        assertThat(first).isEqualTo(new Cleanup(2, Optional.of(sessions.get(1).createdAt())));
        Cleanup second = cleanup(storage, first.resumeFrom().orElseThrow(), until, 2);
        assertThat(second).isEqualTo(new Cleanup(1, Optional.of(sessions.get(2).createdAt())));
        assertThat(second.mayHaveMore(2)).isFalse();
        assertThat(cleanup(storage, second.resumeFrom().orElseThrow(), until, 2)).isEqualTo(Cleanup.NOTHING);

        assertThat(sessions).allSatisfy(gone -> assertThat(lookup(storage, gone)).isNull());
        assertThat(lookup(storage, atUntil)).as("until is exclusive").isEqualTo(atUntil);
        assertThat(storage.sql().fetchCount(USER_RECOVERY_TICKETS)).as("tickets go with their session").isOne();
        assertThat(storage.<UserRecoveryTicket>read(s -> s.userRecovery().findTicket("kept"))).isEqualTo(kept);
    }

    @Test
    void cleanupKeepsWhatWasCreatedBeforeSince(TestStorage storage) {
        UserRecoverySession before = addSession(storage);
        UserRecoverySession atSince = addSession(storage);
        UserRecoverySession atUntil = addSession(storage);

        assertThat(cleanup(storage, atSince.createdAt(), atUntil.createdAt(), 10))
                .isEqualTo(new Cleanup(1, Optional.of(atSince.createdAt())));
        assertThat(lookup(storage, before)).isEqualTo(before);
        assertThat(lookup(storage, atSince)).isNull();
        assertThat(lookup(storage, atUntil)).isEqualTo(atUntil);
    }

    private static Cleanup cleanup(TestStorage storage, Instant since, Instant until, int limit) {
        return storage.saved(session -> session.userRecovery().cleanup(since, until, limit));
    }
}
