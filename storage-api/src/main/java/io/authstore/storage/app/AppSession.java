package io.authstore.storage.app;

import io.authstore.storage.Ulid;
import io.authstore.storage.compat.CompatSession;
import io.authstore.storage.oauth2.OAuth2Session;
import java.util.Objects;

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

    /** A compatibility (Matrix login API) session. */
    record Compat(CompatSession session) implements AppSession {
        public Compat {
            Objects.requireNonNull(session, "session");
        }

        @Override
        public Ulid id() {
            return session.id();
        }
    }
}
