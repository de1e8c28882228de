package io.authstore.storage.oauth2;

import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A refresh token of an OAuth 2.0 session, with the access token issued together with it (gone once that token was
 * cleaned up). The token is a secret and stays out of {@link #toString()}.
 */
public record RefreshToken(
        Ulid id,
        State state,
        Ulid sessionId,
        String token,
        Instant createdAt,
        Optional<Ulid> accessTokenId) {

    /**
     * Valid, then consumed (exchanged for the token that replaced it, which a replay can be traced to) or revoked.
     * A consumed token can be consumed again (a retried refresh); a revoked one cannot.
     */
    public sealed interface State {
        record Valid() implements State {}

        record Consumed(Instant consumedAt, Optional<Ulid> nextRefreshTokenId) implements State {
            public Consumed {
                Objects.requireNonNull(consumedAt, "consumedAt");
                Objects.requireNonNull(nextRefreshTokenId, "nextRefreshTokenId");
            }
        }

        record Revoked(Instant revokedAt) implements State {
            public Revoked {
                Objects.requireNonNull(revokedAt, "revokedAt");
            }
        }

        State VALID = new Valid();
    }

    public RefreshToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(accessTokenId, "accessTokenId");
    }

    public boolean isValid() {
        return state instanceof State.Valid;
    }

    public Optional<Ulid> nextRefreshTokenId() {
        return state instanceof State.Consumed consumed ? consumed.nextRefreshTokenId() : Optional.empty();
    }

    /** Consumed at {@code at}, replaced by {@code replacedBy}; refused when revoked. */
    public RefreshToken consume(Instant at, RefreshToken replacedBy) {
        if (state instanceof State.Revoked(Instant revokedAt)) {
            throw new InvalidTransitionException("refresh token", id, "consume", "it was revoked at " + revokedAt);
        }
        return new RefreshToken(id, new State.Consumed(at, Optional.of(replacedBy.id())), sessionId, token, createdAt,
                accessTokenId);
    }

    /** Revoked at {@code at}; refused unless valid. */
    public RefreshToken revoke(Instant at) {
        switch (state) {
            case State.Revoked(Instant revokedAt) -> throw new InvalidTransitionException("refresh token", id,
                    "revoke", "it was already revoked at " + revokedAt);
            case State.Consumed consumed -> throw new InvalidTransitionException("refresh token", id, "revoke",
                    "it was consumed at " + consumed.consumedAt());
            case State.Valid valid -> {
                return new RefreshToken(id, new State.Revoked(at), sessionId, token, createdAt, accessTokenId);
            }
        }
    }

    @Override
    public String toString() {
        return "RefreshToken[id=" + id + ", state=" + state + ", sessionId=" + sessionId + ", token=<redacted>"
                + ", createdAt=" + createdAt + ", accessTokenId=" + accessTokenId + "]";
    }
}
