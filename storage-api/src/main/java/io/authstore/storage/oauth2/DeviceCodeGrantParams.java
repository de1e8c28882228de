package io.authstore.storage.oauth2;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a device authorization request stores ({@link OAuth2DeviceCodeGrantRepository#add}). The device code is a
 * secret and stays out of {@link #toString()}.
 */
public record DeviceCodeGrantParams(
        OAuth2Client client,
        Scope scope,
        String deviceCode,
        String userCode,
        Duration expiresIn,
        Optional<InetAddress> ipAddress,
        Optional<String> userAgent) {

    public DeviceCodeGrantParams {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(deviceCode, "deviceCode");
        Objects.requireNonNull(userCode, "userCode");
        Objects.requireNonNull(expiresIn, "expiresIn");
        Objects.requireNonNull(ipAddress, "ipAddress");
        Objects.requireNonNull(userAgent, "userAgent");
    }

    @Override
    public String toString() {
        return "DeviceCodeGrantParams[client=" + client.id() + ", scope=" + scope + ", deviceCode=<redacted>"
                + ", userCode=<redacted>, expiresIn=" + expiresIn + "]";
    }
}
