package io.authstore.storage.compat;

import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.Ulid;
import io.authstore.storage.users.BrowserSession;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A login through the homeserver's SSO redirect: the client is sent back to {@code redirectUri} with
 * {@code loginToken}, which it exchanges for a compatibility session. The token is a secret: toString hides it.
 */
public record CompatSsoLogin(Ulid id, URI redirectUri, String loginToken, Instant createdAt, CompatSsoLoginState state) {

    public CompatSsoLogin {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(loginToken, "loginToken");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(state, "state");
    }

    public boolean isPending() {
        return state instanceof CompatSsoLoginState.Pending;
    }

    public boolean isFulfilled() {
        return state instanceof CompatSsoLoginState.Fulfilled;
    }

    public boolean isExchanged() {
        return state instanceof CompatSsoLoginState.Exchanged;
    }

    /** Fulfilled by {@code browserSession}; {@link InvalidTransitionException} unless pending. */
    public CompatSsoLogin fulfill(Instant at, BrowserSession browserSession) {
        InvalidTransitionException.check(isPending(), "compat SSO login", id, "fulfill", "it is not pending but "
                + describe());
        return new CompatSsoLogin(id, redirectUri, loginToken, createdAt,
                new CompatSsoLoginState.Fulfilled(at, browserSession.id()));
    }

    /** Exchanged for {@code session}; {@link InvalidTransitionException} unless fulfilled. */
    public CompatSsoLogin exchange(Instant at, CompatSession session) {
        if (!(state instanceof CompatSsoLoginState.Fulfilled(Instant fulfilledAt, Ulid ignored))) {
            throw new InvalidTransitionException("compat SSO login", id, "exchange", "it is not fulfilled but "
                    + describe());
        }
        return new CompatSsoLogin(id, redirectUri, loginToken, createdAt,
                new CompatSsoLoginState.Exchanged(fulfilledAt, at, session.id()));
    }

    private String describe() {
        return switch (state) {
            case CompatSsoLoginState.Pending p -> "pending";
            case CompatSsoLoginState.Fulfilled f -> "fulfilled at " + f.fulfilledAt();
            case CompatSsoLoginState.Exchanged e -> "exchanged at " + e.exchangedAt();
        };
    }

    @Override
    public String toString() {
        return "CompatSsoLogin[id=" + id + ", redirectUri=" + redirectUri + ", loginToken=<redacted>, createdAt="
                + createdAt + ", state=" + state + "]";
    }
}
