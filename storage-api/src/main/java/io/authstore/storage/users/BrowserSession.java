package io.authstore.storage.users;

import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A user logged in to the service's own web pages, with the activity last recorded for it. */
public record BrowserSession(
        Ulid id,
        User user,
        Instant createdAt,
        SessionState state,
        Optional<String> userAgent,
        Optional<Instant> lastActiveAt,
        Optional<InetAddress> lastActiveIp) {

    public BrowserSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(lastActiveAt, "lastActiveAt");
        Objects.requireNonNull(lastActiveIp, "lastActiveIp");
    }

    public boolean isActive() {
        return state.isActive();
    }

    public Optional<Instant> finishedAt() {
        return state instanceof SessionState.Finished(Instant finishedAt) ? Optional.of(finishedAt) : Optional.empty();
    }
}
