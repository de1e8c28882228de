package io.authstore.storage.oauth2;

import java.util.Objects;
import java.util.Optional;

/**
 * The code of an authorization grant and its PKCE challenge, if the client sent one. The code is a secret and stays
 * out of {@link #toString()}.
 */
public record AuthorizationCode(String code, Optional<Pkce> pkce) {

    /** A PKCE challenge (RFC 7636): {@code method} is {@code plain} or {@code S256}. */
    public record Pkce(String method, String challenge) {
        public Pkce {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(challenge, "challenge");
            if (!method.equals("plain") && !method.equals("S256")) {
                throw new IllegalArgumentException("a PKCE method is plain or S256, not " + method);
            }
        }
    }

    public AuthorizationCode {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(pkce, "pkce");
    }

    @Override
    public String toString() {
        return "AuthorizationCode[code=<redacted>, pkce=" + pkce.map(Pkce::method).orElse("none") + "]";
    }
}
