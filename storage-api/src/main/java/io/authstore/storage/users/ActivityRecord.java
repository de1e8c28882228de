package io.authstore.storage.users;

import io.authstore.storage.Ulid;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A session was seen active at {@code at}, from {@code ip} when known. Batched by activity trackers. */
public record ActivityRecord(Ulid sessionId, Instant at, Optional<InetAddress> ip) {
    public ActivityRecord {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(ip, "ip");
    }
}
