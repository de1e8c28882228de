package io.authstore.storage.upstream;

import java.util.Objects;
import java.util.Optional;

/** Which providers a list or count is about. Immutable. */
public record UpstreamOAuthProviderFilter(Optional<Boolean> enabled) {

    private static final UpstreamOAuthProviderFilter ALL = new UpstreamOAuthProviderFilter(Optional.empty());

    public UpstreamOAuthProviderFilter {
        Objects.requireNonNull(enabled, "enabled");
    }

    public static UpstreamOAuthProviderFilter all() {
        return ALL;
    }

    /** Only providers that are not disabled. */
    public UpstreamOAuthProviderFilter enabledOnly() {
        return new UpstreamOAuthProviderFilter(Optional.of(true));
    }

    /** Only disabled providers. */
    public UpstreamOAuthProviderFilter disabledOnly() {
        return new UpstreamOAuthProviderFilter(Optional.of(false));
    }
}
