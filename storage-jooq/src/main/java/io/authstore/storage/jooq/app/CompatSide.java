package io.authstore.storage.jooq.app;

import static io.authstore.snapshot.Tables.COMPAT_SESSIONS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalAddress;
import static io.authstore.storage.jooq.Convert.optionalInstant;
import static io.authstore.storage.jooq.Convert.optionalUlid;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
import io.authstore.storage.app.AppSession;
import io.authstore.storage.app.AppSessionFilter;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.RowCountQuery;
import org.jooq.impl.DSL;
import org.jooq.postgres.extensions.types.Inet;

/**
 * Everything the app sessions know of compatibility sessions, in one place: they read {@code compat_sessions}
 * directly until the compatibility repositories exist; then this becomes calls to those (their filter condition,
 * their row mapping, their bulk finish).
 */
final class CompatSide {

    private CompatSide() {}

    /** The compatibility-session half of an {@link AppSessionFilter}. */
    static Condition condition(AppSessionFilter filter) {
        Condition condition = DSL.noCondition();
        if (filter.userId().isPresent()) {
            condition = condition.and(COMPAT_SESSIONS.USER_ID.eq(uuid(filter.userId().get())));
        }
        if (filter.browserSessionId().isPresent()) {
            condition = condition.and(COMPAT_SESSIONS.USER_SESSION_ID.eq(uuid(filter.browserSessionId().get())));
        }
        if (filter.state().isPresent()) {
            condition = condition.and(filter.state().get() == SessionState.Kind.ACTIVE
                    ? COMPAT_SESSIONS.FINISHED_AT.isNull()
                    : COMPAT_SESSIONS.FINISHED_AT.isNotNull());
        }
        if (filter.deviceId().isPresent()) {
            condition = condition.and(COMPAT_SESSIONS.DEVICE_ID.eq(filter.deviceId().get()));
        }
        if (filter.lastActiveBefore().isPresent()) {
            condition = condition.and(COMPAT_SESSIONS.LAST_ACTIVE_AT.lt(timestamp(filter.lastActiveBefore().get())));
        }
        if (filter.lastActiveAfter().isPresent()) {
            condition = condition.and(COMPAT_SESSIONS.LAST_ACTIVE_AT.gt(timestamp(filter.lastActiveAfter().get())));
        }
        if (filter.createdBefore().isPresent()) {
            condition = condition.and(COMPAT_SESSIONS.COMPAT_SESSION_ID.lt(
                    uuid(Ulid.createdAtOrAfter(filter.createdBefore().get()))));
        }
        if (filter.createdAfter().isPresent()) {
            condition = condition.and(COMPAT_SESSIONS.COMPAT_SESSION_ID.gt(
                    uuid(Ulid.createdAtOrBefore(filter.createdAfter().get()))));
        }
        return condition;
    }

    /** Finishes the user's active compatibility sessions of this device. */
    static RowCountQuery finishDevice(DSLContext dsl, Ulid userId, String deviceId, Instant now) {
        return dsl.update(COMPAT_SESSIONS)
                .set(COMPAT_SESSIONS.FINISHED_AT, timestamp(now))
                .where(COMPAT_SESSIONS.USER_ID.eq(uuid(userId)))
                .and(COMPAT_SESSIONS.DEVICE_ID.eq(deviceId))
                .and(COMPAT_SESSIONS.FINISHED_AT.isNull());
    }

    static AppSession.Compat session(UUID id, UUID userId, Optional<String> deviceId, UUID browserSessionId,
            java.time.OffsetDateTime createdAt, java.time.OffsetDateTime finishedAt, boolean isSynapseAdmin,
            String userAgent, java.time.OffsetDateTime lastActiveAt, Inet lastActiveIp, String humanName) {
        return new AppSession.Compat(ulid(id), SessionState.finishedAt(instant(finishedAt)), ulid(userId), deviceId,
                optionalUlid(browserSessionId), instant(createdAt), isSynapseAdmin, Optional.ofNullable(userAgent),
                optionalInstant(lastActiveAt), optionalAddress(lastActiveIp), Optional.ofNullable(humanName));
    }
}
