package io.authstore.storage.users;

import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;

/** The user accepted the terms of service at this URL. */
public record UserTerms(Ulid id, Ulid userId, String termsUrl, Instant createdAt) {
    public UserTerms {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(termsUrl, "termsUrl");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
