package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.USER_RECOVERY_SESSIONS;
import static io.authstore.snapshot.Tables.USER_RECOVERY_TICKETS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalAddress;
import static io.authstore.storage.jooq.Convert.optionalInstant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.snapshot.tables.records.UserRecoverySessionsRecord;
import io.authstore.snapshot.tables.records.UserRecoveryTicketsRecord;
import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Cleanups;
import io.authstore.storage.jooq.Convert;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.users.UserEmail;
import io.authstore.storage.users.UserRecoveryRepository;
import io.authstore.storage.users.UserRecoverySession;
import io.authstore.storage.users.UserRecoveryTicket;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;
import reactor.core.publisher.Mono;

public final class JooqUserRecoveryRepository implements UserRecoveryRepository {

    private static final String SESSIONS = "user_recovery_sessions";
    private static final String TICKETS = "user_recovery_tickets";

    private final Statements db;
    private final DSLContext dsl;

    public JooqUserRecoveryRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    @Override
    public Mono<UserRecoverySession> lookupSession(Ulid id) {
        return db.fetchOptional("db.user_recovery.lookup_session", dsl.selectFrom(USER_RECOVERY_SESSIONS)
                        .where(USER_RECOVERY_SESSIONS.USER_RECOVERY_SESSION_ID.eq(uuid(id))))
                .map(JooqUserRecoveryRepository::session);
    }

    @Override
    public Mono<UserRecoverySession> addSession(
            Clock clock,
            RandomSource random,
            String email,
            String userAgent,
            Optional<InetAddress> ipAddress,
            String locale) {
        if (Text.hasNul(email)) {
            return Text.refused("email");
        }
        if (Text.hasNul(userAgent)) {
            return Text.refused("userAgent");
        }
        if (Text.hasNul(locale)) {
            return Text.refused("locale");
        }
        // One reading of the clock, so that the id's time and created_at agree even on a running clock.
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchInserted("db.user_recovery.add_session", dsl.insertInto(USER_RECOVERY_SESSIONS)
                            .set(USER_RECOVERY_SESSIONS.USER_RECOVERY_SESSION_ID, uuid(id))
                            .set(USER_RECOVERY_SESSIONS.EMAIL, email)
                            .set(USER_RECOVERY_SESSIONS.USER_AGENT, userAgent)
                            .set(USER_RECOVERY_SESSIONS.IP_ADDRESS, ipAddress.map(Convert::inet).orElse(null))
                            .set(USER_RECOVERY_SESSIONS.LOCALE, locale)
                            .set(USER_RECOVERY_SESSIONS.CREATED_AT, timestamp(now))
                            .returning(), USER_RECOVERY_SESSIONS.USER_RECOVERY_SESSION_ID, id)
                    .map(JooqUserRecoveryRepository::session);
        });
    }

    @Override
    public Mono<UserRecoveryTicket> findTicket(String ticket) {
        if (Text.hasNul(ticket)) {
            return Text.refused("ticket");
        }
        // Not unique (as in MAS): tickets are random secrets, so a second row with the same one would be a
        // collision too unlikely to plan for; the newest wins rather than failing.
        return db.fetchOptional("db.user_recovery.find_ticket", dsl.selectFrom(USER_RECOVERY_TICKETS)
                        .where(USER_RECOVERY_TICKETS.TICKET.eq(ticket))
                        .orderBy(USER_RECOVERY_TICKETS.USER_RECOVERY_TICKET_ID.desc())
                        .limit(1))
                .map(JooqUserRecoveryRepository::ticket);
    }

    @Override
    public Mono<UserRecoveryTicket> addTicket(
            Clock clock, RandomSource random, UserRecoverySession session, UserEmail email, String ticket) {
        if (Text.hasNul(ticket)) {
            return Text.refused("ticket");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchInserted("db.user_recovery.add_ticket", dsl.insertInto(USER_RECOVERY_TICKETS)
                            .set(USER_RECOVERY_TICKETS.USER_RECOVERY_TICKET_ID, uuid(id))
                            .set(USER_RECOVERY_TICKETS.USER_RECOVERY_SESSION_ID, uuid(session.id()))
                            .set(USER_RECOVERY_TICKETS.USER_EMAIL_ID, uuid(email.id()))
                            .set(USER_RECOVERY_TICKETS.TICKET, ticket)
                            .set(USER_RECOVERY_TICKETS.CREATED_AT, timestamp(now))
                            .set(USER_RECOVERY_TICKETS.EXPIRES_AT, timestamp(now.plus(TICKET_LIFETIME)))
                            .returning(), USER_RECOVERY_TICKETS.USER_RECOVERY_TICKET_ID, id)
                    .map(JooqUserRecoveryRepository::ticket);
        });
    }

    @Override
    public Mono<UserRecoverySession> consumeTicket(
            Clock clock, UserRecoveryTicket ticket, UserRecoverySession session) {
        return Mono.defer(() -> {
            Instant now = clock.now();
            return Mono.fromCallable(() -> session.consumeWith(ticket, now)).flatMap(consumed -> db.executeExactlyOne(
                            "db.user_recovery.consume_ticket",
                            dsl.update(USER_RECOVERY_SESSIONS)
                                    .set(USER_RECOVERY_SESSIONS.CONSUMED_AT, timestamp(now))
                                    .where(USER_RECOVERY_SESSIONS.USER_RECOVERY_SESSION_ID.eq(uuid(session.id())))
                                    .and(USER_RECOVERY_SESSIONS.CONSUMED_AT.isNull())
                                    // The ticket must still exist: removing its e-mail address deletes it.
                                    .andExists(dsl.selectOne()
                                            .from(USER_RECOVERY_TICKETS)
                                            .where(USER_RECOVERY_TICKETS.USER_RECOVERY_TICKET_ID.eq(uuid(ticket.id())))
                                            .and(USER_RECOVERY_TICKETS.USER_RECOVERY_SESSION_ID
                                                    .eq(USER_RECOVERY_SESSIONS.USER_RECOVERY_SESSION_ID))),
                            SESSIONS, session.id())
                    .thenReturn(consumed));
        });
    }

    @Override
    public Mono<Cleanup> cleanup(Instant since, Instant until, int limit) {
        // The sessions' tickets go with them (ON DELETE CASCADE).
        return Cleanups.deleteCreated(db, "db.user_recovery.cleanup",
                USER_RECOVERY_SESSIONS.USER_RECOVERY_SESSION_ID, since, until, limit);
    }

    static UserRecoverySession session(UserRecoverySessionsRecord row) {
        return new UserRecoverySession(
                ulid(row.getUserRecoverySessionId()),
                row.getEmail(),
                row.getUserAgent(),
                optionalAddress(row.getIpAddress()),
                row.getLocale(),
                instant(row.getCreatedAt()),
                optionalInstant(row.getConsumedAt()));
    }

    static UserRecoveryTicket ticket(UserRecoveryTicketsRecord row) {
        return new UserRecoveryTicket(
                ulid(row.getUserRecoveryTicketId()),
                ulid(row.getUserRecoverySessionId()),
                ulid(row.getUserEmailId()),
                row.getTicket(),
                instant(row.getCreatedAt()),
                instant(row.getExpiresAt()));
    }
}
