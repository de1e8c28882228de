package io.authstore.storage;

import java.time.Instant;
import java.util.Objects;

/** Whether a session (browser, OAuth 2.0, compatibility) is still usable: active until finished, never back. */
public sealed interface SessionState {

    record Active() implements SessionState {}

    record Finished(Instant finishedAt) implements SessionState {
        public Finished {
            Objects.requireNonNull(finishedAt, "finishedAt");
        }
    }

    SessionState ACTIVE = new Active();

    static SessionState finishedAt(Instant finishedAt) {
        return finishedAt == null ? ACTIVE : new Finished(finishedAt);
    }

    default boolean isActive() {
        return this instanceof Active;
    }

    /** Filter value: which sessions a list or count is about. */
    enum Kind { ACTIVE, FINISHED }
}
