package io.authstore.storage.users;

import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;

/** An e-mail address a user has proven to control. */
public record UserEmail(Ulid id, Ulid userId, String email, Instant createdAt) {
    public UserEmail {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
