package io.authstore.storage.users;

import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;

/** A code sent to the address of an {@link UserEmailAuthentication}; valid until it expires. */
public record UserEmailAuthenticationCode(
        Ulid id, Ulid userEmailAuthenticationId, String code, Instant createdAt, Instant expiresAt) {

    public UserEmailAuthenticationCode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userEmailAuthenticationId, "userEmailAuthenticationId");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean isValidAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    /** The code is a secret: it is not part of the text form. */
    @Override
    public String toString() {
        return "UserEmailAuthenticationCode[id=" + id + ", userEmailAuthenticationId=" + userEmailAuthenticationId
                + ", code=<redacted>, createdAt=" + createdAt + ", expiresAt=" + expiresAt + "]";
    }
}
