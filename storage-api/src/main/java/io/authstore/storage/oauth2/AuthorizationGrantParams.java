package io.authstore.storage.oauth2;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an authorization request stores ({@link OAuth2AuthorizationGrantRepository#add}).
 *
 * @param code present when the response type includes {@code code}
 * @param rawParameters the request's parameters as received
 */
public record AuthorizationGrantParams(
        URI redirectUri,
        Scope scope,
        Optional<AuthorizationCode> code,
        Optional<String> state,
        Optional<String> nonce,
        ResponseMode responseMode,
        boolean responseTypeIdToken,
        Optional<String> loginHint,
        Optional<String> locale,
        Map<String, String> rawParameters) {

    public AuthorizationGrantParams {
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(responseMode, "responseMode");
        Objects.requireNonNull(loginHint, "loginHint");
        Objects.requireNonNull(locale, "locale");
        rawParameters = Map.copyOf(rawParameters);
    }
}
