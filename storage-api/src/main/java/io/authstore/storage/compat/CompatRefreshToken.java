package io.authstore.storage.compat;

import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;

/**
 * A refresh token of a compatibility session, issued with the access token {@code accessTokenId}. The token is a
 * secret: toString hides it.
 */
public record CompatRefreshToken(
        Ulid id, Ulid sessionId, Ulid accessTokenId, String token, Instant createdAt, CompatRefreshTokenState state) {

    public CompatRefreshToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(accessTokenId, "accessTokenId");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(state, "state");
    }

    public boolean isValid() {
        return state instanceof CompatRefreshTokenState.Valid;
    }

    public boolean isConsumed() {
        return state instanceof CompatRefreshTokenState.Consumed;
    }

    /** The consumed token; {@link InvalidTransitionException} when it was consumed already. */
    public CompatRefreshToken consume(Instant at) {
        if (state instanceof CompatRefreshTokenState.Consumed(Instant consumedAt)) {
            throw new InvalidTransitionException("compat refresh token", id, "consume",
                    "it was already consumed at " + consumedAt);
        }
        return new CompatRefreshToken(id, sessionId, accessTokenId, token, createdAt,
                new CompatRefreshTokenState.Consumed(at));
    }

    @Override
    public String toString() {
        return "CompatRefreshToken[id=" + id + ", sessionId=" + sessionId + ", accessTokenId=" + accessTokenId
                + ", token=<redacted>, createdAt=" + createdAt + ", state=" + state + "]";
    }
}
