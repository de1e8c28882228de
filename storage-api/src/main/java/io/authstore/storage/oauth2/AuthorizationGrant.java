package io.authstore.storage.oauth2;

import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.Ulid;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An authorization request of a client, from pending to fulfilled (a user consented in a browser session) to
 * exchanged (the client redeemed the code for an OAuth 2.0 session), or cancelled.
 */
public record AuthorizationGrant(
        Ulid id,
        Stage stage,
        Optional<AuthorizationCode> code,
        Ulid clientId,
        URI redirectUri,
        Scope scope,
        Optional<String> state,
        Optional<String> nonce,
        ResponseMode responseMode,
        boolean responseTypeIdToken,
        Instant createdAt,
        Optional<String> loginHint,
        Optional<String> locale,
        Map<String, String> rawParameters) {

    public sealed interface Stage {
        record Pending() implements Stage {}

        record Fulfilled(Ulid browserSessionId, Instant fulfilledAt) implements Stage {
            public Fulfilled {
                Objects.requireNonNull(browserSessionId, "browserSessionId");
                Objects.requireNonNull(fulfilledAt, "fulfilledAt");
            }
        }

        record Exchanged(Ulid sessionId, Instant fulfilledAt, Instant exchangedAt) implements Stage {
            public Exchanged {
                Objects.requireNonNull(sessionId, "sessionId");
                Objects.requireNonNull(fulfilledAt, "fulfilledAt");
                Objects.requireNonNull(exchangedAt, "exchangedAt");
            }
        }

        record Cancelled(Instant cancelledAt) implements Stage {
            public Cancelled {
                Objects.requireNonNull(cancelledAt, "cancelledAt");
            }
        }

        Stage PENDING = new Pending();
    }

    public AuthorizationGrant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(responseMode, "responseMode");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(loginHint, "loginHint");
        Objects.requireNonNull(locale, "locale");
        rawParameters = Map.copyOf(rawParameters);
    }

    public boolean isPending() {
        return stage instanceof Stage.Pending;
    }

    public boolean isFulfilled() {
        return stage instanceof Stage.Fulfilled;
    }

    public boolean isExchanged() {
        return stage instanceof Stage.Exchanged;
    }

    public boolean isCancelled() {
        return stage instanceof Stage.Cancelled;
    }

    private AuthorizationGrant with(Stage next) {
        return new AuthorizationGrant(id, next, code, clientId, redirectUri, scope, state, nonce, responseMode,
                responseTypeIdToken, createdAt, loginHint, locale, rawParameters);
    }

    /** Fulfilled by a user in {@code browserSessionId}; only a pending grant can be. */
    public AuthorizationGrant fulfill(Instant at, Ulid browserSessionId) {
        InvalidTransitionException.check(isPending(), "authorization grant", id, "fulfill", "it is " + stageName());
        return with(new Stage.Fulfilled(browserSessionId, at));
    }

    /** Exchanged for {@code sessionId}; only a fulfilled grant can be. */
    public AuthorizationGrant exchange(Instant at, Ulid sessionId) {
        if (!(stage instanceof Stage.Fulfilled fulfilled)) {
            throw new InvalidTransitionException("authorization grant", id, "exchange", "it is " + stageName());
        }
        return with(new Stage.Exchanged(sessionId, fulfilled.fulfilledAt(), at));
    }

    /** Cancelled; only a pending grant can be. */
    public AuthorizationGrant cancel(Instant at) {
        InvalidTransitionException.check(isPending(), "authorization grant", id, "cancel", "it is " + stageName());
        return with(new Stage.Cancelled(at));
    }

    private String stageName() {
        return stage.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
