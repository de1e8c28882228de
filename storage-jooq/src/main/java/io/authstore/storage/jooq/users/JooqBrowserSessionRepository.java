package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.USERS;
import static io.authstore.snapshot.Tables.USER_SESSIONS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalAddress;
import static io.authstore.storage.jooq.Convert.optionalInstant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.snapshot.tables.records.UserSessionsRecord;
import io.authstore.snapshot.tables.records.UsersRecord;
import io.authstore.storage.SessionState;
import org.jooq.DSLContext;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import reactor.core.publisher.Mono;
import io.authstore.storage.users.*;
import io.authstore.storage.jooq.Statements;

public final class JooqBrowserSessionRepository implements BrowserSessionRepository {

    private static final String TABLE = "user_sessions";

    private final Statements db;
    private final DSLContext dsl;

    public JooqBrowserSessionRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    @Override
    public Mono<BrowserSession> lookup(Ulid id) {
        return db.fetchOptional("db.browser_session.lookup", dsl.select(USER_SESSIONS, USERS)
                        .from(USER_SESSIONS)
                        .join(USERS).on(USERS.USER_ID.eq(USER_SESSIONS.USER_ID))
                        .where(USER_SESSIONS.USER_SESSION_ID.eq(uuid(id))))
                .map(row -> browserSession(row.value1(), row.value2()));
    }

    @Override
    public Mono<BrowserSession> add(Clock clock, RandomSource random, User user, Optional<String> userAgent) {
        Ulid id = Ulid.generate(clock, random);
        return db.fetchOptional("db.browser_session.add", dsl.insertInto(USER_SESSIONS)
                        .set(USER_SESSIONS.USER_SESSION_ID, uuid(id))
                        .set(USER_SESSIONS.USER_ID, uuid(user.id()))
                        .set(USER_SESSIONS.CREATED_AT, timestamp(clock.now()))
                        .set(USER_SESSIONS.USER_AGENT, userAgent.orElse(null))
                        .returning())
                .map(row -> browserSession(row, user));
    }

    @Override
    public Mono<BrowserSession> finish(Clock clock, BrowserSession session) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Long> finishBulk(Clock clock, BrowserSessionFilter filter) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Page<BrowserSession>> list(BrowserSessionFilter filter, Pagination pagination) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Long> count(BrowserSessionFilter filter) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Authentication> authenticateWithPassword( Clock clock, RandomSource random, BrowserSession session, Password password) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Authentication> authenticateWithUpstream( Clock clock, RandomSource random, BrowserSession session, Ulid upstreamOAuthAuthorizationSessionId) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Authentication> lastAuthentication(BrowserSession session) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Void> recordBatchActivity(Collection<ActivityRecord> activity) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Cleanup> cleanupFinished(Instant since, Instant until, int limit) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public Mono<Cleanup> cleanupInactiveIps(Instant since, Instant threshold, int limit) {
        throw new UnsupportedOperationException("not implemented yet");
    }


    static BrowserSession browserSession(UserSessionsRecord row, UsersRecord user) {
        return browserSession(row, JooqUserRepository.user(user));
    }

    static BrowserSession browserSession(UserSessionsRecord row, User user) {
        return new BrowserSession(
                ulid(row.getUserSessionId()),
                user,
                instant(row.getCreatedAt()),
                SessionState.finishedAt(instant(row.getFinishedAt())),
                Optional.ofNullable(row.getUserAgent()),
                optionalInstant(row.getLastActiveAt()),
                optionalAddress(row.getLastActiveIp()));
    }
}
