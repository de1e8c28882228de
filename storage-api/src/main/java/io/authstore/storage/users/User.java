package io.authstore.storage.users;

import static io.authstore.storage.InvalidTransitionException.check;

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

    public boolean isActive() {
        return lockedAt.isEmpty() && deactivatedAt.isEmpty();
    }

    public User lock(Instant at) {
        check(lockedAt.isEmpty(), "user", id, "lock", "it is already locked since " + lockedAt.orElse(null));
        return new User(id, username, createdAt, Optional.of(at), deactivatedAt, canRequestAdmin, isGuest);
    }

    public User unlock() {
        check(lockedAt.isPresent(), "user", id, "unlock", "it is not locked");
        return new User(id, username, createdAt, Optional.empty(), deactivatedAt, canRequestAdmin, isGuest);
    }

    public User deactivate(Instant at) {
        check(deactivatedAt.isEmpty(), "user", id, "deactivate",
                "it is already deactivated since " + deactivatedAt.orElse(null));
        return new User(id, username, createdAt, lockedAt, Optional.of(at), canRequestAdmin, isGuest);
    }

    public User reactivate() {
        check(deactivatedAt.isPresent(), "user", id, "reactivate", "it is not deactivated");
        return new User(id, username, createdAt, lockedAt, Optional.empty(), canRequestAdmin, isGuest);
    }

    public User withCanRequestAdmin(boolean canRequestAdmin) {
        return new User(id, username, createdAt, lockedAt, deactivatedAt, canRequestAdmin, isGuest);
    }
}
