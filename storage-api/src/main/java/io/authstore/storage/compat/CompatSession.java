package io.authstore.storage.compat;

import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A device logged in through the legacy Matrix login API: active until finished, never back.
 *
 * @param deviceId the Matrix device id; empty for sessions imported without one
 * @param browserSessionId the browser session that created it (an SSO login), if any
 * @param synapseAdmin whether the device may use the homeserver's admin API
 */
public record CompatSession(
        Ulid id,
        Ulid userId,
        Optional<String> deviceId,
        Optional<Ulid> browserSessionId,
        boolean synapseAdmin,
        Instant createdAt,
        SessionState state,
        Optional<String> userAgent,
        Optional<String> humanName,
        Optional<Instant> lastActiveAt,
        Optional<InetAddress> lastActiveIp) {

    public CompatSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(browserSessionId, "browserSessionId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(humanName, "humanName");
        Objects.requireNonNull(lastActiveAt, "lastActiveAt");
        Objects.requireNonNull(lastActiveIp, "lastActiveIp");
    }

    public boolean isActive() {
        return state.isActive();
    }

    public Optional<Instant> finishedAt() {
        return state instanceof SessionState.Finished(Instant finishedAt) ? Optional.of(finishedAt) : Optional.empty();
    }

    /** The finished session; {@link InvalidTransitionException} when it is finished already. */
    public CompatSession finish(Instant at) {
        if (state instanceof SessionState.Finished(Instant finishedAt)) {
            throw new InvalidTransitionException("compat session", id, "finish",
                    "it was already finished at " + finishedAt);
        }
        return new CompatSession(id, userId, deviceId, browserSessionId, synapseAdmin, createdAt,
                new SessionState.Finished(at), userAgent, humanName, lastActiveAt, lastActiveIp);
    }

    public CompatSession withUserAgent(String value) {
        return new CompatSession(id, userId, deviceId, browserSessionId, synapseAdmin, createdAt, state,
                Optional.of(value), humanName, lastActiveAt, lastActiveIp);
    }

    public CompatSession withHumanName(Optional<String> value) {
        return new CompatSession(id, userId, deviceId, browserSessionId, synapseAdmin, createdAt, state, userAgent,
                value, lastActiveAt, lastActiveIp);
    }
}
