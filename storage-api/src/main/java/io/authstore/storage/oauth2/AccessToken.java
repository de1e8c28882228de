package io.authstore.storage.oauth2;

import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An access token of an OAuth 2.0 session. The token is a secret and stays out of {@link #toString()}.
 *
 * @param expiresAt absent: the token does not expire on its own
 * @param firstUsedAt when a resource server first presented it, if it did
 */
public record AccessToken(
        Ulid id,
        State state,
        Ulid sessionId,
        String token,
        Instant createdAt,
        Optional<Instant> expiresAt,
        Optional<Instant> firstUsedAt) {

    /** Valid until revoked, never back. */
    public sealed interface State {
        record Valid() implements State {}

        record Revoked(Instant revokedAt) implements State {
            public Revoked {
                Objects.requireNonNull(revokedAt, "revokedAt");
            }
        }

        State VALID = new Valid();
    }

    public AccessToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(firstUsedAt, "firstUsedAt");
    }

    public boolean isRevoked() {
        return state instanceof State.Revoked;
    }

    /** Expired when its expiry is strictly before {@code now}. */
    public boolean isExpired(Instant now) {
        return expiresAt.isPresent() && expiresAt.get().isBefore(now);
    }

    /** Neither revoked nor expired at {@code now}. */
    public boolean isValid(Instant now) {
        return !isRevoked() && !isExpired(now);
    }

    public boolean isUsed() {
        return firstUsedAt.isPresent();
    }

    public AccessToken revoke(Instant at) {
        if (state instanceof State.Revoked(Instant revokedAt)) {
            throw new InvalidTransitionException("access token", id, "revoke", "it was already revoked at " + revokedAt);
        }
        return new AccessToken(id, new State.Revoked(at), sessionId, token, createdAt, expiresAt, firstUsedAt);
    }

    public AccessToken markUsed(Instant at) {
        return new AccessToken(id, state, sessionId, token, createdAt, expiresAt, Optional.of(at));
    }

    @Override
    public String toString() {
        return "AccessToken[id=" + id + ", state=" + state + ", sessionId=" + sessionId + ", token=<redacted>"
                + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt + ", firstUsedAt=" + firstUsedAt + "]";
    }
}
