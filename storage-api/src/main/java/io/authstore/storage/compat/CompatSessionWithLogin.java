package io.authstore.storage.compat;

import java.util.Objects;
import java.util.Optional;

/** A listed compatibility session with the SSO login exchanged for it, if it came from one. */
public record CompatSessionWithLogin(CompatSession session, Optional<CompatSsoLogin> ssoLogin) {
    public CompatSessionWithLogin {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(ssoLogin, "ssoLogin");
    }
}
