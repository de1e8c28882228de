package io.authstore.storage.compat;

import io.authstore.storage.Ulid;
import io.authstore.storage.users.User;
import java.util.Objects;
import java.util.Optional;

/** Which SSO logins a list or count is about. Immutable: each method returns a narrower filter. */
public record CompatSsoLoginFilter(Optional<Ulid> userId, Optional<CompatSsoLoginState.Kind> state) {

    private static final CompatSsoLoginFilter ALL = new CompatSsoLoginFilter(Optional.empty(), Optional.empty());

    public CompatSsoLoginFilter {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(state, "state");
    }

    public static CompatSsoLoginFilter all() {
        return ALL;
    }

    /** Logins fulfilled by a browser session of this user (a pending login belongs to nobody yet). */
    public CompatSsoLoginFilter user(User user) {
        return new CompatSsoLoginFilter(Optional.of(user.id()), state);
    }

    public CompatSsoLoginFilter pending() {
        return new CompatSsoLoginFilter(userId, Optional.of(CompatSsoLoginState.Kind.PENDING));
    }

    public CompatSsoLoginFilter fulfilled() {
        return new CompatSsoLoginFilter(userId, Optional.of(CompatSsoLoginState.Kind.FULFILLED));
    }

    public CompatSsoLoginFilter exchanged() {
        return new CompatSsoLoginFilter(userId, Optional.of(CompatSsoLoginState.Kind.EXCHANGED));
    }
}
