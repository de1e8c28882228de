package io.authstore.storage.app;

import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which application sessions a list or count is about; every condition applies to both kinds. Immutable. Time
 * bounds are exclusive; "created" bounds are checked on the id.
 *
 * @param deviceId present: compatibility sessions of this device, OAuth 2.0 sessions holding its scope token
 */
public record AppSessionFilter(
        Optional<Ulid> userId,
        Optional<Ulid> browserSessionId,
        Optional<SessionState.Kind> state,
        Optional<String> deviceId,
        Optional<Instant> lastActiveBefore,
        Optional<Instant> lastActiveAfter,
        Optional<Instant> createdBefore,
        Optional<Instant> createdAfter) {

    private static final AppSessionFilter ALL = new AppSessionFilter(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public AppSessionFilter {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(browserSessionId, "browserSessionId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(lastActiveBefore, "lastActiveBefore");
        Objects.requireNonNull(lastActiveAfter, "lastActiveAfter");
        Objects.requireNonNull(createdBefore, "createdBefore");
        Objects.requireNonNull(createdAfter, "createdAfter");
    }

    public static AppSessionFilter all() {
        return ALL;
    }

    public AppSessionFilter user(User user) {
        return new AppSessionFilter(Optional.of(user.id()), browserSessionId, state, deviceId, lastActiveBefore,
                lastActiveAfter, createdBefore, createdAfter);
    }

    public AppSessionFilter browserSession(BrowserSession session) {
        return new AppSessionFilter(userId, Optional.of(session.id()), state, deviceId, lastActiveBefore,
                lastActiveAfter, createdBefore, createdAfter);
    }

    public AppSessionFilter active() {
        return new AppSessionFilter(userId, browserSessionId, Optional.of(SessionState.Kind.ACTIVE), deviceId,
                lastActiveBefore, lastActiveAfter, createdBefore, createdAfter);
    }

    public AppSessionFilter finished() {
        return new AppSessionFilter(userId, browserSessionId, Optional.of(SessionState.Kind.FINISHED), deviceId,
                lastActiveBefore, lastActiveAfter, createdBefore, createdAfter);
    }

    public AppSessionFilter device(String id) {
        return new AppSessionFilter(userId, browserSessionId, state, Optional.of(id), lastActiveBefore,
                lastActiveAfter, createdBefore, createdAfter);
    }

    public AppSessionFilter lastActiveBefore(Instant instant) {
        return new AppSessionFilter(userId, browserSessionId, state, deviceId, Optional.of(instant), lastActiveAfter,
                createdBefore, createdAfter);
    }

    public AppSessionFilter lastActiveAfter(Instant instant) {
        return new AppSessionFilter(userId, browserSessionId, state, deviceId, lastActiveBefore, Optional.of(instant),
                createdBefore, createdAfter);
    }

    public AppSessionFilter createdBefore(Instant instant) {
        return new AppSessionFilter(userId, browserSessionId, state, deviceId, lastActiveBefore, lastActiveAfter,
                Optional.of(instant), createdAfter);
    }

    public AppSessionFilter createdAfter(Instant instant) {
        return new AppSessionFilter(userId, browserSessionId, state, deviceId, lastActiveBefore, lastActiveAfter,
                createdBefore, Optional.of(instant));
    }
}
