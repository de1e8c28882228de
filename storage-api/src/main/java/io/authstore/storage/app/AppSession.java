package io.authstore.storage.app;

import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
import io.authstore.storage.oauth2.OAuth2Session;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A session of an application: an OAuth 2.0 session or a compatibility (Matrix login API) session. */
public sealed interface AppSession {

    Ulid id();

    record OAuth2(OAuth2Session session) implements AppSession {
        public OAuth2 {
            Objects.requireNonNull(session, "session");
        }

        @Override
        public Ulid id() {
            return session.id();
        }
    }

    /**
     * A compatibility session as the app-session list reads it from {@code compat_sessions}. (Until the compatibility
     * repositories exist this is its own value; they may later replace it with theirs.)
     */
    record Compat(
            Ulid id,
            SessionState state,
            Ulid userId,
            Optional<String> deviceId,
            Optional<Ulid> browserSessionId,
            Instant createdAt,
            boolean isSynapseAdmin,
            Optional<String> userAgent,
            Optional<Instant> lastActiveAt,
            Optional<InetAddress> lastActiveIp,
            Optional<String> humanName) implements AppSession {
        public Compat {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(browserSessionId, "browserSessionId");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(userAgent, "userAgent");
            Objects.requireNonNull(lastActiveAt, "lastActiveAt");
            Objects.requireNonNull(lastActiveIp, "lastActiveIp");
            Objects.requireNonNull(humanName, "humanName");
        }
    }
}
