package io.authstore.storage.compat;

import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;

/**
 * Where an SSO login stands: pending until a browser session's user completes it (fulfilled), then exchanged once
 * for a compatibility session. Never back.
 */
public sealed interface CompatSsoLoginState {

    record Pending() implements CompatSsoLoginState {}

    record Fulfilled(Instant fulfilledAt, Ulid browserSessionId) implements CompatSsoLoginState {
        public Fulfilled {
            Objects.requireNonNull(fulfilledAt, "fulfilledAt");
            Objects.requireNonNull(browserSessionId, "browserSessionId");
        }
    }

    record Exchanged(Instant fulfilledAt, Instant exchangedAt, Ulid compatSessionId) implements CompatSsoLoginState {
        public Exchanged {
            Objects.requireNonNull(fulfilledAt, "fulfilledAt");
            Objects.requireNonNull(exchangedAt, "exchangedAt");
            Objects.requireNonNull(compatSessionId, "compatSessionId");
        }
    }

    CompatSsoLoginState PENDING = new Pending();

    /** Filter value: which logins a list or count is about. */
    enum Kind { PENDING, FULFILLED, EXCHANGED }
}
