package io.authstore.storage.personal;

import java.util.List;
import java.util.Optional;

/** The scope tokens that grant a Matrix device: a stable and an unstable (MSC2967) spelling. */
public final class DeviceScope {

    public static final String STABLE_PREFIX = "urn:matrix:client:device:";
    public static final String UNSTABLE_PREFIX = "urn:matrix:org.matrix.msc2967.client:device:";

    private DeviceScope() {}

    /**
     * The stable and the unstable token for {@code deviceId}; empty when the id holds a character a scope token
     * cannot (a space, a quote, a backslash, a control or non-ASCII character).
     */
    public static Optional<List<String>> tokensFor(String deviceId) {
        for (int i = 0; i < deviceId.length(); i++) {
            char c = deviceId.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                return Optional.empty();
            }
        }
        return Optional.of(List.of(STABLE_PREFIX + deviceId, UNSTABLE_PREFIX + deviceId));
    }

    /** The device a scope token grants, if it is a device token. */
    public static Optional<String> deviceOf(String token) {
        if (token.startsWith(STABLE_PREFIX)) {
            return Optional.of(token.substring(STABLE_PREFIX.length()));
        }
        if (token.startsWith(UNSTABLE_PREFIX)) {
            return Optional.of(token.substring(UNSTABLE_PREFIX.length()));
        }
        return Optional.empty();
    }
}
