package io.authstore.storage.oauth2;

import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.Ulid;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A device authorization grant (RFC 8628): pending until a user, in a browser session, fulfils or rejects it; a
 * fulfilled one is then exchanged by the device for an OAuth 2.0 session. The device and user codes are secrets and
 * stay out of {@link #toString()}.
 */
public record DeviceCodeGrant(
        Ulid id,
        State state,
        Ulid clientId,
        Scope scope,
        String userCode,
        String deviceCode,
        Instant createdAt,
        Instant expiresAt,
        Optional<InetAddress> ipAddress,
        Optional<String> userAgent,
        Optional<String> locale) {

    public sealed interface State {
        record Pending() implements State {}

        record Fulfilled(Ulid browserSessionId, Instant fulfilledAt) implements State {
            public Fulfilled {
                Objects.requireNonNull(browserSessionId, "browserSessionId");
                Objects.requireNonNull(fulfilledAt, "fulfilledAt");
            }
        }

        record Rejected(Ulid browserSessionId, Instant rejectedAt) implements State {
            public Rejected {
                Objects.requireNonNull(browserSessionId, "browserSessionId");
                Objects.requireNonNull(rejectedAt, "rejectedAt");
            }
        }

        record Exchanged(Ulid browserSessionId, Instant fulfilledAt, Instant exchangedAt, Ulid sessionId)
                implements State {
            public Exchanged {
                Objects.requireNonNull(browserSessionId, "browserSessionId");
                Objects.requireNonNull(fulfilledAt, "fulfilledAt");
                Objects.requireNonNull(exchangedAt, "exchangedAt");
                Objects.requireNonNull(sessionId, "sessionId");
            }
        }

        State PENDING = new Pending();
    }

    public DeviceCodeGrant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(userCode, "userCode");
        Objects.requireNonNull(deviceCode, "deviceCode");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(ipAddress, "ipAddress");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(locale, "locale");
    }

    public boolean isPending() {
        return state instanceof State.Pending;
    }

    public boolean isFulfilled() {
        return state instanceof State.Fulfilled;
    }

    public boolean isRejected() {
        return state instanceof State.Rejected;
    }

    public boolean isExchanged() {
        return state instanceof State.Exchanged;
    }

    private DeviceCodeGrant with(State next, Optional<String> newLocale) {
        return new DeviceCodeGrant(id, next, clientId, scope, userCode, deviceCode, createdAt, expiresAt, ipAddress,
                userAgent, newLocale);
    }

    /** Fulfilled in {@code browserSessionId}, with the browser's locale; only a pending grant can be. */
    public DeviceCodeGrant fulfill(Instant at, Ulid browserSessionId, Optional<String> browserLocale) {
        InvalidTransitionException.check(isPending(), "device code grant", id, "fulfill", "it is " + stateName());
        return with(new State.Fulfilled(browserSessionId, at), browserLocale);
    }

    /** Rejected in {@code browserSessionId}; only a pending grant can be. */
    public DeviceCodeGrant reject(Instant at, Ulid browserSessionId) {
        InvalidTransitionException.check(isPending(), "device code grant", id, "reject", "it is " + stateName());
        return with(new State.Rejected(browserSessionId, at), locale);
    }

    /** Exchanged for {@code sessionId}; only a fulfilled grant can be. */
    public DeviceCodeGrant exchange(Instant at, Ulid sessionId) {
        if (!(state instanceof State.Fulfilled fulfilled)) {
            throw new InvalidTransitionException("device code grant", id, "exchange", "it is " + stateName());
        }
        return with(new State.Exchanged(fulfilled.browserSessionId(), fulfilled.fulfilledAt(), at, sessionId), locale);
    }

    private String stateName() {
        return state.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "DeviceCodeGrant[id=" + id + ", state=" + state + ", clientId=" + clientId + ", scope=" + scope
                + ", userCode=<redacted>, deviceCode=<redacted>, createdAt=" + createdAt + ", expiresAt=" + expiresAt
                + ", ipAddress=" + ipAddress + ", userAgent=" + userAgent + ", locale=" + locale + "]";
    }
}
