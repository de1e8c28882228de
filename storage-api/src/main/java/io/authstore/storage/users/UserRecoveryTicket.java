package io.authstore.storage.users;

import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;

/** The secret sent to one of the addresses of a recovery session; usable once, until it expires. */
public record UserRecoveryTicket(
        Ulid id, Ulid userRecoverySessionId, Ulid userEmailId, String ticket, Instant createdAt, Instant expiresAt) {

    public UserRecoveryTicket {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userRecoverySessionId, "userRecoverySessionId");
        Objects.requireNonNull(userEmailId, "userEmailId");
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean isValidAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    @Override
    public String toString() {
        return "UserRecoveryTicket[id=" + id + ", userRecoverySessionId=" + userRecoverySessionId + ", userEmailId="
                + userEmailId + ", ticket=<redacted>, createdAt=" + createdAt + ", expiresAt=" + expiresAt + "]";
    }
}
