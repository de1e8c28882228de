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
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.users.UserEmail;
import io.authstore.storage.users.UserRecoveryRepository;
import io.authstore.storage.users.UserRecoverySession;
import io.authstore.storage.users.UserRecoveryTicket;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import org.jooq.Record;
import org.jooq.impl.DSL;
import reactor.core.publisher.Mono;

public final class JooqUserRecoveryRepository implements UserRecoveryRepository {

    private static final String SESSIONS = "user_recovery_sessions";
    private static final String TICKETS = "user_recovery_tickets";

    private final Statements db;

    public JooqUserRecoveryRepository(Statements statements) {
        this.db = statements;
    }

    // Every statement of fixed shape here is rendered once (PreparedQuery), its values bound per call.
    private static final PreparedQuery<UserRecoverySessionsRecord> SESSION_BY_ID =
            PreparedQuery.lookup(USER_RECOVERY_SESSIONS, USER_RECOVERY_SESSIONS.USER_RECOVERY_SESSION_ID);

    @Override
    public Mono<UserRecoverySession> lookupSession(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.user_recovery.lookup_session", SESSION_BY_ID.with(uuid(id))))
                .map(JooqUserRecoveryRepository::session);
    }

    private static final PreparedQuery<UserRecoverySessionsRecord> ADD_SESSION = PreparedQuery.of(
            PreparedQuery.insertInto(USER_RECOVERY_SESSIONS,
                    USER_RECOVERY_SESSIONS.USER_RECOVERY_SESSION_ID, USER_RECOVERY_SESSIONS.EMAIL,
                    USER_RECOVERY_SESSIONS.USER_AGENT, USER_RECOVERY_SESSIONS.IP_ADDRESS,
                    USER_RECOVERY_SESSIONS.LOCALE, USER_RECOVERY_SESSIONS.CREATED_AT)
                    .returning());

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
            return db.fetchInserted("db.user_recovery.add_session", ADD_SESSION.with(uuid(id), email, userAgent,
                            ipAddress.map(Convert::inet).orElse(null), locale, timestamp(now)),
                            USER_RECOVERY_SESSIONS.USER_RECOVERY_SESSION_ID, id)
                    .map(JooqUserRecoveryRepository::session);
        });
    }

    // Not unique (as in MAS): tickets are random secrets, so a second row with the same one would be a collision too
    // unlikely to plan for; the newest wins rather than failing.
    private static final PreparedQuery<UserRecoveryTicketsRecord> NEWEST_BY_TICKET = PreparedQuery.of(
            DSL.selectFrom(USER_RECOVERY_TICKETS)
                    .where(PreparedQuery.eqValue(USER_RECOVERY_TICKETS.TICKET))
                    .orderBy(USER_RECOVERY_TICKETS.USER_RECOVERY_TICKET_ID.desc())
                    .limit(1));

    @Override
    public Mono<UserRecoveryTicket> findTicket(String ticket) {
        if (Text.hasNul(ticket)) {
            return Text.refused("ticket");
        }
        return Mono.defer(() -> db.fetchOptional("db.user_recovery.find_ticket", NEWEST_BY_TICKET.with(ticket)))
                .map(JooqUserRecoveryRepository::ticket);
    }

    private static final PreparedQuery<UserRecoveryTicketsRecord> ADD_TICKET = PreparedQuery.of(
            PreparedQuery.insertInto(USER_RECOVERY_TICKETS,
                    USER_RECOVERY_TICKETS.USER_RECOVERY_TICKET_ID, USER_RECOVERY_TICKETS.USER_RECOVERY_SESSION_ID,
                    USER_RECOVERY_TICKETS.USER_EMAIL_ID, USER_RECOVERY_TICKETS.TICKET,
                    USER_RECOVERY_TICKETS.CREATED_AT, USER_RECOVERY_TICKETS.EXPIRES_AT)
                    .returning());

    @Override
    public Mono<UserRecoveryTicket> addTicket(
            Clock clock, RandomSource random, UserRecoverySession session, UserEmail email, String ticket) {
        if (Text.hasNul(ticket)) {
            return Text.refused("ticket");
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchInserted("db.user_recovery.add_ticket", ADD_TICKET.with(uuid(id), uuid(session.id()),
                            uuid(email.id()), ticket, timestamp(now), timestamp(now.plus(TICKET_LIFETIME))),
                            USER_RECOVERY_TICKETS.USER_RECOVERY_TICKET_ID, id)
                    .map(JooqUserRecoveryRepository::ticket);
        });
    }

    // The ticket must still exist: removing its e-mail address deletes it.
    private static final PreparedQuery<Record> CONSUME_TICKET = PreparedQuery.of(DSL.update(USER_RECOVERY_SESSIONS)
            .set(USER_RECOVERY_SESSIONS.CONSUMED_AT, PreparedQuery.value(USER_RECOVERY_SESSIONS.CONSUMED_AT))
            .where(PreparedQuery.eqValue(USER_RECOVERY_SESSIONS.USER_RECOVERY_SESSION_ID))
            .and(USER_RECOVERY_SESSIONS.CONSUMED_AT.isNull())
            .andExists(DSL.selectOne()
                    .from(USER_RECOVERY_TICKETS)
                    .where(PreparedQuery.eqValue(USER_RECOVERY_TICKETS.USER_RECOVERY_TICKET_ID))
                    .and(USER_RECOVERY_TICKETS.USER_RECOVERY_SESSION_ID
                            .eq(USER_RECOVERY_SESSIONS.USER_RECOVERY_SESSION_ID))));

    @Override
    public Mono<UserRecoverySession> consumeTicket(
            Clock clock, UserRecoveryTicket ticket, UserRecoverySession session) {
        return Mono.defer(() -> {
            Instant now = clock.now();
            return Mono.fromCallable(() -> session.consumeWith(ticket, now)).flatMap(consumed -> db.executeExactlyOne(
                            "db.user_recovery.consume_ticket",
                            CONSUME_TICKET.with(timestamp(now), uuid(session.id()), uuid(ticket.id())),
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
