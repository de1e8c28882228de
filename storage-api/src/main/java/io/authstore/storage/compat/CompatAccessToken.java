package io.authstore.storage.compat;

import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An access token of a compatibility session: valid until {@code expiresAt} (for ever when empty). The token is a
 * secret: toString hides it.
 */
public record CompatAccessToken(Ulid id, Ulid sessionId, String token, Instant createdAt, Optional<Instant> expiresAt) {

    public CompatAccessToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Valid at {@code now}: it has no expiry, or expires after {@code now}. */
    public boolean isValidAt(Instant now) {
        return expiresAt.isEmpty() || expiresAt.get().isAfter(now);
    }

    public CompatAccessToken expiredAt(Instant at) {
        return new CompatAccessToken(id, sessionId, token, createdAt, Optional.of(at));
    }

    @Override
    public String toString() {
        return "CompatAccessToken[id=" + id + ", sessionId=" + sessionId + ", token=<redacted>, createdAt="
                + createdAt + ", expiresAt=" + expiresAt + "]";
    }
}
