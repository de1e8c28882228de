package io.authstore.storage.upstream;

import io.authstore.storage.JsonValue;
import io.authstore.storage.Ulid;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An upstream identity provider as configured: how to reach it, how to authenticate to it, and how its claims become
 * a local account. Usable for new logins while enabled ({@link #disabledAt} empty).
 *
 * @param scope the scope requested, as its space-separated text (e.g. {@code "openid email"})
 * @param tokenEndpointSigningAlg, idTokenSignedResponseAlg, userinfoSignedResponseAlg JOSE algorithm names such as
 *     {@code RS256}
 * @param claimsImports how claims map onto the account (MAS's {@code ClaimsImports}, as its JSON)
 * @param additionalAuthorizationParameters extra query parameters of the authorization request, in order
 * @param uiOrder where the provider is shown on the login page, ascending
 */
public record UpstreamOAuthProvider(
        Ulid id,
        Optional<String> issuer,
        Optional<String> humanName,
        Optional<String> brandName,
        String scope,
        String clientId,
        Optional<String> encryptedClientSecret,
        TokenAuthMethod tokenEndpointAuthMethod,
        Optional<String> tokenEndpointSigningAlg,
        String idTokenSignedResponseAlg,
        boolean fetchUserinfo,
        Optional<String> userinfoSignedResponseAlg,
        JsonValue claimsImports,
        DiscoveryMode discoveryMode,
        PkceMode pkceMode,
        Optional<ResponseMode> responseMode,
        Optional<URI> jwksUriOverride,
        Optional<URI> authorizationEndpointOverride,
        Optional<URI> tokenEndpointOverride,
        Optional<URI> userinfoEndpointOverride,
        List<Parameter> additionalAuthorizationParameters,
        boolean forwardLoginHint,
        int uiOrder,
        OnBackchannelLogout onBackchannelLogout,
        boolean registrationTokenRequired,
        Instant createdAt,
        Optional<Instant> disabledAt) {

    public UpstreamOAuthProvider {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(humanName, "humanName");
        Objects.requireNonNull(brandName, "brandName");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(encryptedClientSecret, "encryptedClientSecret");
        Objects.requireNonNull(tokenEndpointAuthMethod, "tokenEndpointAuthMethod");
        Objects.requireNonNull(tokenEndpointSigningAlg, "tokenEndpointSigningAlg");
        Objects.requireNonNull(idTokenSignedResponseAlg, "idTokenSignedResponseAlg");
        Objects.requireNonNull(userinfoSignedResponseAlg, "userinfoSignedResponseAlg");
        Objects.requireNonNull(claimsImports, "claimsImports");
        Objects.requireNonNull(discoveryMode, "discoveryMode");
        Objects.requireNonNull(pkceMode, "pkceMode");
        Objects.requireNonNull(responseMode, "responseMode");
        Objects.requireNonNull(jwksUriOverride, "jwksUriOverride");
        Objects.requireNonNull(authorizationEndpointOverride, "authorizationEndpointOverride");
        Objects.requireNonNull(tokenEndpointOverride, "tokenEndpointOverride");
        Objects.requireNonNull(userinfoEndpointOverride, "userinfoEndpointOverride");
        additionalAuthorizationParameters = List.copyOf(additionalAuthorizationParameters);
        Objects.requireNonNull(onBackchannelLogout, "onBackchannelLogout");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(disabledAt, "disabledAt");
    }

    public boolean isEnabled() {
        return disabledAt.isEmpty();
    }

    /** One extra parameter of the authorization request; names may repeat. */
    public record Parameter(String name, String value) {
        public Parameter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /** How the provider's endpoints are found. */
    public enum DiscoveryMode {
        /** OpenID Connect discovery, validated strictly. */
        OIDC("oidc"),
        /** Discovery, without the strict checks. */
        INSECURE("insecure"),
        /** No discovery: every endpoint is configured. */
        DISABLED("disabled");

        private final String value;

        DiscoveryMode(String value) {
            this.value = value;
        }

        /** The stored value. */
        public String value() {
            return value;
        }

        /** The mode stored as {@code value}; empty for an unknown one. */
        public static Optional<DiscoveryMode> of(String value) {
            for (DiscoveryMode mode : values()) {
                if (mode.value.equals(value)) {
                    return Optional.of(mode);
                }
            }
            return Optional.empty();
        }
    }

    /** Whether the authorization request uses PKCE. */
    public enum PkceMode {
        /** When the provider's metadata says it supports it. */
        AUTO("auto"),
        /** Always, with S256. */
        S256("s256"),
        DISABLED("disabled");

        private final String value;

        PkceMode(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static Optional<PkceMode> of(String value) {
            for (PkceMode mode : values()) {
                if (mode.value.equals(value)) {
                    return Optional.of(mode);
                }
            }
            return Optional.empty();
        }
    }

    /** How the provider returns the authorization response. */
    public enum ResponseMode {
        QUERY("query"),
        FORM_POST("form_post");

        private final String value;

        ResponseMode(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static Optional<ResponseMode> of(String value) {
            for (ResponseMode mode : values()) {
                if (mode.value.equals(value)) {
                    return Optional.of(mode);
                }
            }
            return Optional.empty();
        }
    }

    /** How the service authenticates itself at the provider's token endpoint. */
    public enum TokenAuthMethod {
        NONE("none"),
        CLIENT_SECRET_BASIC("client_secret_basic"),
        CLIENT_SECRET_POST("client_secret_post"),
        CLIENT_SECRET_JWT("client_secret_jwt"),
        PRIVATE_KEY_JWT("private_key_jwt"),
        SIGN_IN_WITH_APPLE("sign_in_with_apple");

        private final String value;

        TokenAuthMethod(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static Optional<TokenAuthMethod> of(String value) {
            for (TokenAuthMethod method : values()) {
                if (method.value.equals(value)) {
                    return Optional.of(method);
                }
            }
            return Optional.empty();
        }
    }

    /** What a back-channel logout from the provider ends locally. */
    public enum OnBackchannelLogout {
        DO_NOTHING("do_nothing"),
        /** The browser sessions the provider's session authenticated. */
        LOGOUT_BROWSER_ONLY("logout_browser_only"),
        /** Those browser sessions and every session started from them. */
        LOGOUT_ALL("logout_all");

        private final String value;

        OnBackchannelLogout(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        public static Optional<OnBackchannelLogout> of(String value) {
            for (OnBackchannelLogout action : values()) {
                if (action.value.equals(value)) {
                    return Optional.of(action);
                }
            }
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "UpstreamOAuthProvider[id=" + id + ", issuer=" + issuer + ", humanName=" + humanName + ", brandName="
                + brandName + ", scope=" + scope + ", clientId=" + clientId + ", encryptedClientSecret="
                + encryptedClientSecret.map(secret -> "<redacted>") + ", tokenEndpointAuthMethod="
                + tokenEndpointAuthMethod + ", tokenEndpointSigningAlg=" + tokenEndpointSigningAlg
                + ", idTokenSignedResponseAlg=" + idTokenSignedResponseAlg + ", fetchUserinfo=" + fetchUserinfo
                + ", userinfoSignedResponseAlg=" + userinfoSignedResponseAlg + ", claimsImports=" + claimsImports
                + ", discoveryMode=" + discoveryMode + ", pkceMode=" + pkceMode + ", responseMode=" + responseMode
                + ", jwksUriOverride=" + jwksUriOverride + ", authorizationEndpointOverride="
                + authorizationEndpointOverride + ", tokenEndpointOverride=" + tokenEndpointOverride
                + ", userinfoEndpointOverride=" + userinfoEndpointOverride + ", additionalAuthorizationParameters="
                + additionalAuthorizationParameters + ", forwardLoginHint=" + forwardLoginHint + ", uiOrder="
                + uiOrder + ", onBackchannelLogout=" + onBackchannelLogout + ", registrationTokenRequired="
                + registrationTokenRequired + ", createdAt=" + createdAt + ", disabledAt=" + disabledAt + "]";
    }
}
