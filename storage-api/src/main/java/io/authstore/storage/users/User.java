package io.authstore.storage.users;

import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user. Locking (by an administrator) and deactivation (the account is gone for good, unless reactivated) are
 * independent; a user is active while neither applies.
 */
public record User(
        Ulid id,
        String username,
        Instant createdAt,
        Optional<Instant> lockedAt,
        Optional<Instant> deactivatedAt,
        boolean canRequestAdmin,
        boolean isGuest) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lockedAt, "lockedAt");
        Objects.requireNonNull(deactivatedAt, "deactivatedAt");
    }

    /** Neither locked nor deactivated: what MAS calls a valid user. */
    public boolean isActive() {
        return lockedAt.isEmpty() && deactivatedAt.isEmpty();
    }
}
