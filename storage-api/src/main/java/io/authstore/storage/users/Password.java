package io.authstore.storage.users;

import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's password hash. The newest one is the active one; {@code upgradedFromId} links a hash re-computed with a
 * newer scheme ({@code version}) to the one it replaced.
 */
public record Password(
        Ulid id, Ulid userId, String hashedPassword, int version, Optional<Ulid> upgradedFromId, Instant createdAt) {

    public Password {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(hashedPassword, "hashedPassword");
        Objects.requireNonNull(upgradedFromId, "upgradedFromId");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The hash stays out of logs. */
    @Override
    public String toString() {
        return "Password[id=" + id + ", userId=" + userId + ", hashedPassword=<redacted>, version=" + version
                + ", upgradedFromId=" + upgradedFromId + ", createdAt=" + createdAt + "]";
    }
}
