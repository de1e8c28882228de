package io.authstore.storage.personal;

import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token of a personal session. Only its SHA-256 is stored, so the value never comes back from storage: this
 * record has none to leak.
 */
public record PersonalAccessToken(
        Ulid id, Ulid sessionId, Instant createdAt, Optional<Instant> expiresAt, Optional<Instant> revokedAt) {

    public PersonalAccessToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    /** Valid at {@code now}: not revoked, and without expiry or expiring after {@code now}. */
    public boolean isValidAt(Instant now) {
        return revokedAt.isEmpty() && (expiresAt.isEmpty() || expiresAt.get().isAfter(now));
    }

    public PersonalAccessToken revokedAt(Instant at) {
        return new PersonalAccessToken(id, sessionId, createdAt, expiresAt, Optional.of(at));
    }
}
