package io.authstore.storage.oauth2;

import java.util.List;
import java.util.Optional;

/**
 * A Matrix device, as OAuth 2.0 sessions carry it: a scope token naming the device, in a stable and an unstable
 * (MSC2967) form. Sessions for a device hold either.
 */
public final class Devices {

    public static final String STABLE_SCOPE_PREFIX = "urn:matrix:client:device:";
    public static final String UNSTABLE_SCOPE_PREFIX = "urn:matrix:org.matrix.msc2967.client:device:";

    private Devices() {}

    /**
     * The two scope tokens of a device, stable first; empty when the device id has characters a scope token cannot
     * hold (such a device can have no OAuth 2.0 session).
     */
    public static Optional<List<String>> scopeTokens(String deviceId) {
        String stable = STABLE_SCOPE_PREFIX + deviceId;
        String unstable = UNSTABLE_SCOPE_PREFIX + deviceId;
        return Scope.isToken(stable) && Scope.isToken(unstable)
                ? Optional.of(List.of(stable, unstable))
                : Optional.empty();
    }

    /** The device a scope token names, if it is a device token. */
    public static Optional<String> fromScopeToken(String token) {
        if (token.startsWith(STABLE_SCOPE_PREFIX)) {
            return Optional.of(token.substring(STABLE_SCOPE_PREFIX.length()));
        }
        if (token.startsWith(UNSTABLE_SCOPE_PREFIX)) {
            return Optional.of(token.substring(UNSTABLE_SCOPE_PREFIX.length()));
        }
        return Optional.empty();
    }
}
