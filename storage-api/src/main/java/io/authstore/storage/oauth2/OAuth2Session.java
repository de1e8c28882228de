package io.authstore.storage.oauth2;

import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A client's session with the authorization server, for a user (through one of their browser sessions, or not) or
 * for no user (client credentials), with the scope it was granted and the activity last recorded for it.
 */
public record OAuth2Session(
        Ulid id,
        SessionState state,
        Instant createdAt,
        Optional<Ulid> userId,
        Optional<Ulid> browserSessionId,
        Ulid clientId,
        Scope scope,
        Optional<String> userAgent,
        Optional<Instant> lastActiveAt,
        Optional<InetAddress> lastActiveIp,
        Optional<String> humanName) {

    public OAuth2Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(browserSessionId, "browserSessionId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(lastActiveAt, "lastActiveAt");
        Objects.requireNonNull(lastActiveIp, "lastActiveIp");
        Objects.requireNonNull(humanName, "humanName");
    }

    public boolean isActive() {
        return state.isActive();
    }

    public Optional<Instant> finishedAt() {
        return state instanceof SessionState.Finished(Instant finishedAt) ? Optional.of(finishedAt) : Optional.empty();
    }

    /** This session finished at {@code at}; {@link InvalidTransitionException} when it is already finished. */
    public OAuth2Session finish(Instant at) {
        if (state instanceof SessionState.Finished(Instant finishedAt)) {
            throw new InvalidTransitionException("OAuth 2.0 session", id, "finish",
                    "it was already finished at " + finishedAt);
        }
        return new OAuth2Session(id, new SessionState.Finished(at), createdAt, userId, browserSessionId, clientId,
                scope, userAgent, lastActiveAt, lastActiveIp, humanName);
    }

    public OAuth2Session withUserAgent(String value) {
        return new OAuth2Session(id, state, createdAt, userId, browserSessionId, clientId, scope,
                Optional.of(value), lastActiveAt, lastActiveIp, humanName);
    }

    public OAuth2Session withHumanName(Optional<String> value) {
        return new OAuth2Session(id, state, createdAt, userId, browserSessionId, clientId, scope, userAgent,
                lastActiveAt, lastActiveIp, value);
    }
}
