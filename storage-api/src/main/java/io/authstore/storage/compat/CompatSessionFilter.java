package io.authstore.storage.compat;

import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.BrowserSessionFilter;
import io.authstore.storage.users.User;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which compatibility sessions a list, count or bulk finish is about. Immutable: each method returns a narrower
 * filter. Time bounds are exclusive; "created" bounds are checked on the id, which starts with the creation time.
 */
public record CompatSessionFilter(
        Optional<Ulid> userId,
        Optional<Ulid> browserSessionId,
        Optional<SessionState.Kind> state,
        Optional<AuthType> authType,
        Optional<String> deviceId,
        Optional<Instant> lastActiveBefore,
        Optional<Instant> lastActiveAfter,
        Optional<Instant> createdBefore,
        Optional<Instant> createdAfter,
        Optional<BrowserSessionFilter> browserSessions) {

    /** How a session was started: through an SSO login, or some other way (password, token, an import). */
    public enum AuthType { SSO_LOGIN, UNKNOWN }

    private static final CompatSessionFilter ALL = new CompatSessionFilter(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public CompatSessionFilter {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(browserSessionId, "browserSessionId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(authType, "authType");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(lastActiveBefore, "lastActiveBefore");
        Objects.requireNonNull(lastActiveAfter, "lastActiveAfter");
        Objects.requireNonNull(createdBefore, "createdBefore");
        Objects.requireNonNull(createdAfter, "createdAfter");
        Objects.requireNonNull(browserSessions, "browserSessions");
    }

    public static CompatSessionFilter all() {
        return ALL;
    }

    public CompatSessionFilter user(User user) {
        return new CompatSessionFilter(Optional.of(user.id()), browserSessionId, state, authType, deviceId,
                lastActiveBefore, lastActiveAfter, createdBefore, createdAfter, browserSessions);
    }

    /** Sessions started from this browser session. */
    public CompatSessionFilter browserSession(BrowserSession session) {
        return new CompatSessionFilter(userId, Optional.of(session.id()), state, authType, deviceId,
                lastActiveBefore, lastActiveAfter, createdBefore, createdAfter, browserSessions);
    }

    /** Sessions started from a browser session that {@code filter} matches (MAS's {@code for_browser_sessions}). */
    public CompatSessionFilter browserSessions(BrowserSessionFilter filter) {
        return new CompatSessionFilter(userId, browserSessionId, state, authType, deviceId, lastActiveBefore,
                lastActiveAfter, createdBefore, createdAfter, Optional.of(filter));
    }

    public CompatSessionFilter active() {
        return withState(SessionState.Kind.ACTIVE);
    }

    public CompatSessionFilter finished() {
        return withState(SessionState.Kind.FINISHED);
    }

    private CompatSessionFilter withState(SessionState.Kind value) {
        return new CompatSessionFilter(userId, browserSessionId, Optional.of(value), authType, deviceId,
                lastActiveBefore, lastActiveAfter, createdBefore, createdAfter, browserSessions);
    }

    /** Sessions an SSO login was exchanged for. */
    public CompatSessionFilter ssoLogin() {
        return withAuthType(AuthType.SSO_LOGIN);
    }

    /** Sessions no SSO login was exchanged for. */
    public CompatSessionFilter unknown() {
        return withAuthType(AuthType.UNKNOWN);
    }

    private CompatSessionFilter withAuthType(AuthType value) {
        return new CompatSessionFilter(userId, browserSessionId, state, Optional.of(value), deviceId,
                lastActiveBefore, lastActiveAfter, createdBefore, createdAfter, browserSessions);
    }

    public CompatSessionFilter device(String deviceId) {
        return new CompatSessionFilter(userId, browserSessionId, state, authType,
                Optional.of(Objects.requireNonNull(deviceId, "deviceId")), lastActiveBefore, lastActiveAfter,
                createdBefore, createdAfter, browserSessions);
    }

    public CompatSessionFilter lastActiveBefore(Instant instant) {
        return new CompatSessionFilter(userId, browserSessionId, state, authType, deviceId, Optional.of(instant),
                lastActiveAfter, createdBefore, createdAfter, browserSessions);
    }

    public CompatSessionFilter lastActiveAfter(Instant instant) {
        return new CompatSessionFilter(userId, browserSessionId, state, authType, deviceId, lastActiveBefore,
                Optional.of(instant), createdBefore, createdAfter, browserSessions);
    }

    public CompatSessionFilter createdBefore(Instant instant) {
        return new CompatSessionFilter(userId, browserSessionId, state, authType, deviceId, lastActiveBefore,
                lastActiveAfter, Optional.of(instant), createdAfter, browserSessions);
    }

    public CompatSessionFilter createdAfter(Instant instant) {
        return new CompatSessionFilter(userId, browserSessionId, state, authType, deviceId, lastActiveBefore,
                lastActiveAfter, createdBefore, Optional.of(instant), browserSessions);
    }
}
