package io.authstore.storage.jooq.app;

import static io.authstore.snapshot.Tables.COMPAT_SESSIONS;
import static io.authstore.snapshot.Tables.OAUTH2_SESSIONS;
import static io.authstore.storage.jooq.Convert.ulid;

import io.authstore.storage.Clock;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.app.AppSession;
import io.authstore.storage.app.AppSessionFilter;
import io.authstore.storage.app.AppSessionRepository;
import io.authstore.storage.compat.CompatSessionFilter;
import io.authstore.storage.compat.CompatSessionRepository;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.jooq.compat.JooqCompatSessionRepository;
import io.authstore.storage.jooq.oauth2.JooqOAuth2SessionRepository;
import io.authstore.storage.oauth2.OAuth2SessionFilter;
import io.authstore.storage.oauth2.OAuth2SessionRepository;
import io.authstore.storage.users.User;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import reactor.core.publisher.Mono;

public final class JooqAppSessionRepository implements AppSessionRepository {

    private final Statements db;
    private final DSLContext dsl;
    private final CompatSessionRepository compatSessions;
    private final OAuth2SessionRepository oauth2Sessions;

    /** Over the same statements as {@code compatSessions} and {@code oauth2Sessions}, whose finishBulk it uses. */
    public JooqAppSessionRepository(Statements statements, CompatSessionRepository compatSessions,
            OAuth2SessionRepository oauth2Sessions) {
        this.db = statements;
        this.dsl = statements.dsl();
        this.compatSessions = Objects.requireNonNull(compatSessions, "compatSessions");
        this.oauth2Sessions = Objects.requireNonNull(oauth2Sessions, "oauth2Sessions");
    }

    /** The OAuth 2.0 half of an {@link AppSessionFilter}, as an {@link OAuth2SessionFilter} (written once there). */
    static OAuth2SessionFilter oauth2Filter(AppSessionFilter filter) {
        return new OAuth2SessionFilter(filter.userId(), Optional.empty(), filter.browserSessionId(), Optional.empty(),
                filter.deviceId(), Optional.empty(), Optional.empty(), Optional.empty(), filter.state(),
                Optional.empty(), filter.lastActiveBefore(), filter.lastActiveAfter(), filter.createdBefore(),
                filter.createdAfter());
    }

    /** The compatibility half of an {@link AppSessionFilter}, as a {@link CompatSessionFilter} (written once there). */
    static CompatSessionFilter compatFilter(AppSessionFilter filter) {
        return new CompatSessionFilter(filter.userId(), filter.browserSessionId(), filter.state(), Optional.empty(),
                filter.deviceId(), filter.lastActiveBefore(), filter.lastActiveAfter(), filter.createdBefore(),
                filter.createdAfter(), Optional.empty());
    }

    private static final String[] COLUMNS = {"cursor", "compat_session_id", "oauth2_session_id", "oauth2_client_id",
            "user_session_id", "user_id", "scope_list", "device_id", "human_name", "created_at", "finished_at",
            "is_synapse_admin", "user_agent", "last_active_at", "last_active_ip"};

    /** Both kinds of sessions as one table, in the same columns; each half filtered by its own condition. */
    private Table<?> sessions(AppSessionFilter filter) {
        var oauth2 = dsl.select(
                        OAUTH2_SESSIONS.OAUTH2_SESSION_ID,
                        DSL.castNull(SQLDataType.UUID),
                        OAUTH2_SESSIONS.OAUTH2_SESSION_ID,
                        OAUTH2_SESSIONS.OAUTH2_CLIENT_ID,
                        OAUTH2_SESSIONS.USER_SESSION_ID,
                        OAUTH2_SESSIONS.USER_ID,
                        OAUTH2_SESSIONS.SCOPE_LIST,
                        DSL.castNull(SQLDataType.CLOB),
                        OAUTH2_SESSIONS.HUMAN_NAME,
                        OAUTH2_SESSIONS.CREATED_AT,
                        OAUTH2_SESSIONS.FINISHED_AT,
                        DSL.castNull(SQLDataType.BOOLEAN),
                        OAUTH2_SESSIONS.USER_AGENT,
                        OAUTH2_SESSIONS.LAST_ACTIVE_AT,
                        OAUTH2_SESSIONS.LAST_ACTIVE_IP)
                .from(OAUTH2_SESSIONS)
                .where(JooqOAuth2SessionRepository.condition(oauth2Filter(filter)));
        var compat = dsl.select(
                        COMPAT_SESSIONS.COMPAT_SESSION_ID,
                        COMPAT_SESSIONS.COMPAT_SESSION_ID,
                        DSL.castNull(SQLDataType.UUID),
                        DSL.castNull(SQLDataType.UUID),
                        COMPAT_SESSIONS.USER_SESSION_ID,
                        COMPAT_SESSIONS.USER_ID,
                        DSL.castNull(OAUTH2_SESSIONS.SCOPE_LIST.getDataType()),
                        COMPAT_SESSIONS.DEVICE_ID,
                        COMPAT_SESSIONS.HUMAN_NAME,
                        COMPAT_SESSIONS.CREATED_AT,
                        COMPAT_SESSIONS.FINISHED_AT,
                        COMPAT_SESSIONS.IS_SYNAPSE_ADMIN,
                        COMPAT_SESSIONS.USER_AGENT,
                        COMPAT_SESSIONS.LAST_ACTIVE_AT,
                        COMPAT_SESSIONS.LAST_ACTIVE_IP)
                .from(COMPAT_SESSIONS)
                .where(JooqCompatSessionRepository.condition(compatFilter(filter)));
        return oauth2.unionAll(compat).asTable("sessions", COLUMNS);
    }

    @Override
    public Mono<Page<AppSession>> list(AppSessionFilter filter, Pagination pagination) {
        if (Text.hasNul(filter.deviceId().orElse(null))) {
            return Text.refused("filter deviceId");
        }
        return Mono.defer(() -> {
            Table<?> sessions = sessions(filter);
            Field<UUID> cursor = sessions.field("cursor", UUID.class);
            return db.fetchPage("db.app_session.list",
                            dsl.select(sessions.fields()).from(sessions).where(DSL.noCondition()),
                            cursor, row -> row.get(cursor), pagination)
                    .map(page -> page.map(JooqAppSessionRepository::appSession));
        });
    }

    @Override
    public Mono<Long> count(AppSessionFilter filter) {
        if (Text.hasNul(filter.deviceId().orElse(null))) {
            return Text.refused("filter deviceId");
        }
        return Mono.defer(() -> {
            var oauth2 = dsl.selectOne().from(OAUTH2_SESSIONS)
                    .where(JooqOAuth2SessionRepository.condition(oauth2Filter(filter)));
            var compat = dsl.selectOne().from(COMPAT_SESSIONS)
                    .where(JooqCompatSessionRepository.condition(compatFilter(filter)));
            return db.count("db.app_session.count", oauth2.unionAll(compat).asTable("sessions"), DSL.noCondition());
        });
    }

    @Override
    public Mono<Boolean> finishSessionsToReplaceDevice(Clock clock, User user, String deviceId) {
        if (Text.hasNul(deviceId)) {
            return Text.refused("deviceId");
        }
        return Mono.defer(() -> {
            // One instant for both halves, as one statement time would give.
            Instant now = clock.now();
            Clock atNow = () -> now;
            Mono<Long> compat = compatSessions.finishBulk(atNow,
                    CompatSessionFilter.all().user(user).device(deviceId).active());
            Mono<Long> oauth2 = oauth2Sessions.finishBulk(atNow,
                    OAuth2SessionFilter.all().user(user).device(deviceId).active());
            return compat.zipWith(oauth2, (a, b) -> a + b > 0);
        });
    }

    /** A row of the union: which half it came from shows in which of the two ids it has. */
    private static AppSession appSession(Record row) {
        UUID compatId = row.get("compat_session_id", UUID.class);
        UUID oauth2Id = row.get("oauth2_session_id", UUID.class);
        if (compatId != null && oauth2Id == null) {
            return new AppSession.Compat(JooqCompatSessionRepository.session(row.into(COMPAT_SESSIONS)));
        }
        if (compatId == null && oauth2Id != null) {
            return new AppSession.OAuth2(JooqOAuth2SessionRepository.session(row.into(OAUTH2_SESSIONS)));
        }
        throw new InconsistencyException("sessions", "compat_session_id", ulid(row.get("cursor", UUID.class)),
                "neither an OAuth 2.0 nor a compatibility session");
    }

}
