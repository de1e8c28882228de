package io.authstore.storage.jooq.app;

import static io.authstore.snapshot.Tables.COMPAT_SESSIONS;
import static io.authstore.storage.jooq.Convert.timestamp;

import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
import io.authstore.storage.app.AppSession;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.User;
import java.time.Instant;
import java.util.Optional;

/**
 * Compatibility sessions written through the test's SQL fixture: the compatibility repositories do not exist yet.
 * Replace with {@code compatSession().add/finish} once they do.
 */
final class CompatRows {

    private CompatRows() {}

    static AppSession.Compat add(TestStorage storage, User user, String deviceId) {
        Instant now = storage.clock().now();
        Ulid id = Ulid.generate(now, storage.random());
        storage.sql().insertInto(COMPAT_SESSIONS)
                .set(COMPAT_SESSIONS.COMPAT_SESSION_ID, id.toUuid())
                .set(COMPAT_SESSIONS.USER_ID, user.id().toUuid())
                .set(COMPAT_SESSIONS.DEVICE_ID, deviceId)
                .set(COMPAT_SESSIONS.CREATED_AT, timestamp(now))
                .execute();
        return new AppSession.Compat(id, SessionState.ACTIVE, user.id(), Optional.of(deviceId), Optional.empty(), now,
                false, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The session as it reads once finished at {@code at}. */
    static AppSession.Compat finished(AppSession.Compat session, Instant at) {
        return new AppSession.Compat(session.id(), new SessionState.Finished(at), session.userId(),
                session.deviceId(), session.browserSessionId(), session.createdAt(), session.isSynapseAdmin(),
                session.userAgent(), session.lastActiveAt(), session.lastActiveIp(), session.humanName());
    }

    static AppSession.Compat finish(TestStorage storage, AppSession.Compat session) {
        Instant now = storage.clock().now();
        storage.sql().update(COMPAT_SESSIONS)
                .set(COMPAT_SESSIONS.FINISHED_AT, timestamp(now))
                .where(COMPAT_SESSIONS.COMPAT_SESSION_ID.eq(session.id().toUuid()))
                .execute();
        return new AppSession.Compat(session.id(), new SessionState.Finished(now), session.userId(),
                session.deviceId(), session.browserSessionId(), session.createdAt(), session.isSynapseAdmin(),
                session.userAgent(), session.lastActiveAt(), session.lastActiveIp(), session.humanName());
    }
}
