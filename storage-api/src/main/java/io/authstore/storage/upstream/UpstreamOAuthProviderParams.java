package io.authstore.storage.upstream;

import io.authstore.storage.JsonValue;
import io.authstore.storage.upstream.UpstreamOAuthProvider.DiscoveryMode;
import io.authstore.storage.upstream.UpstreamOAuthProvider.OnBackchannelLogout;
import io.authstore.storage.upstream.UpstreamOAuthProvider.Parameter;
import io.authstore.storage.upstream.UpstreamOAuthProvider.PkceMode;
import io.authstore.storage.upstream.UpstreamOAuthProvider.ResponseMode;
import io.authstore.storage.upstream.UpstreamOAuthProvider.TokenAuthMethod;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link UpstreamOAuthProviderRepository#add} and {@link UpstreamOAuthProviderRepository#upsert} store: every
 * configurable field of an {@link UpstreamOAuthProvider} (see there). Build one with
 * {@link #builder(String, String, TokenAuthMethod)}; the other fields default to MAS's defaults.
 */
public record UpstreamOAuthProviderParams(        Optional<String> issuer,
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
        boolean registrationTokenRequired) {

    public UpstreamOAuthProviderParams {
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
    }

    /** A builder with the required fields set and every other one at its default. */
    public static Builder builder(String clientId, String scope, TokenAuthMethod tokenEndpointAuthMethod) {
        return new Builder().clientId(clientId).scope(scope).tokenEndpointAuthMethod(tokenEndpointAuthMethod);
    }

    /** A builder holding these values, to change some of them. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.issuer = issuer;
        builder.humanName = humanName;
        builder.brandName = brandName;
        builder.scope = scope;
        builder.clientId = clientId;
        builder.encryptedClientSecret = encryptedClientSecret;
        builder.tokenEndpointAuthMethod = tokenEndpointAuthMethod;
        builder.tokenEndpointSigningAlg = tokenEndpointSigningAlg;
        builder.idTokenSignedResponseAlg = idTokenSignedResponseAlg;
        builder.fetchUserinfo = fetchUserinfo;
        builder.userinfoSignedResponseAlg = userinfoSignedResponseAlg;
        builder.claimsImports = claimsImports;
        builder.discoveryMode = discoveryMode;
        builder.pkceMode = pkceMode;
        builder.responseMode = responseMode;
        builder.jwksUriOverride = jwksUriOverride;
        builder.authorizationEndpointOverride = authorizationEndpointOverride;
        builder.tokenEndpointOverride = tokenEndpointOverride;
        builder.userinfoEndpointOverride = userinfoEndpointOverride;
        builder.additionalAuthorizationParameters = additionalAuthorizationParameters;
        builder.forwardLoginHint = forwardLoginHint;
        builder.uiOrder = uiOrder;
        builder.onBackchannelLogout = onBackchannelLogout;
        builder.registrationTokenRequired = registrationTokenRequired;
        return builder;
    }

    @Override
    public String toString() {
        return "UpstreamOAuthProviderParams[issuer=" + issuer + ", clientId=" + clientId + ", scope=" + scope
                + ", encryptedClientSecret=" + encryptedClientSecret.map(secret -> "<redacted>") + ", ...]";
    }

    /** Mutable, for building {@link UpstreamOAuthProviderParams}. */
    public static final class Builder {
        private Optional<String> issuer = Optional.empty();
        private Optional<String> humanName = Optional.empty();
        private Optional<String> brandName = Optional.empty();
        private String scope;
        private String clientId;
        private Optional<String> encryptedClientSecret = Optional.empty();
        private TokenAuthMethod tokenEndpointAuthMethod;
        private Optional<String> tokenEndpointSigningAlg = Optional.empty();
        private String idTokenSignedResponseAlg = "RS256";
        private boolean fetchUserinfo = false;
        private Optional<String> userinfoSignedResponseAlg = Optional.empty();
        private JsonValue claimsImports = JsonValue.EMPTY_OBJECT;
        private DiscoveryMode discoveryMode = DiscoveryMode.OIDC;
        private PkceMode pkceMode = PkceMode.AUTO;
        private Optional<ResponseMode> responseMode = Optional.empty();
        private Optional<URI> jwksUriOverride = Optional.empty();
        private Optional<URI> authorizationEndpointOverride = Optional.empty();
        private Optional<URI> tokenEndpointOverride = Optional.empty();
        private Optional<URI> userinfoEndpointOverride = Optional.empty();
        private List<Parameter> additionalAuthorizationParameters = List.of();
        private boolean forwardLoginHint = false;
        private int uiOrder = 0;
        private OnBackchannelLogout onBackchannelLogout = OnBackchannelLogout.DO_NOTHING;
        private boolean registrationTokenRequired = false;

        private Builder() {}

        public Builder issuer(Optional<String> value) {
            this.issuer = value;
            return this;
        }

        public Builder issuer(String value) {
            this.issuer = Optional.of(value);
            return this;
        }

        public Builder humanName(Optional<String> value) {
            this.humanName = value;
            return this;
        }

        public Builder humanName(String value) {
            this.humanName = Optional.of(value);
            return this;
        }

        public Builder brandName(Optional<String> value) {
            this.brandName = value;
            return this;
        }

        public Builder brandName(String value) {
            this.brandName = Optional.of(value);
            return this;
        }

        public Builder scope(String value) {
            this.scope = value;
            return this;
        }

        public Builder clientId(String value) {
            this.clientId = value;
            return this;
        }

        public Builder encryptedClientSecret(Optional<String> value) {
            this.encryptedClientSecret = value;
            return this;
        }

        public Builder encryptedClientSecret(String value) {
            this.encryptedClientSecret = Optional.of(value);
            return this;
        }

        public Builder tokenEndpointAuthMethod(TokenAuthMethod value) {
            this.tokenEndpointAuthMethod = value;
            return this;
        }

        public Builder tokenEndpointSigningAlg(Optional<String> value) {
            this.tokenEndpointSigningAlg = value;
            return this;
        }

        public Builder tokenEndpointSigningAlg(String value) {
            this.tokenEndpointSigningAlg = Optional.of(value);
            return this;
        }

        public Builder idTokenSignedResponseAlg(String value) {
            this.idTokenSignedResponseAlg = value;
            return this;
        }

        public Builder fetchUserinfo(boolean value) {
            this.fetchUserinfo = value;
            return this;
        }

        public Builder userinfoSignedResponseAlg(Optional<String> value) {
            this.userinfoSignedResponseAlg = value;
            return this;
        }

        public Builder userinfoSignedResponseAlg(String value) {
            this.userinfoSignedResponseAlg = Optional.of(value);
            return this;
        }

        public Builder claimsImports(JsonValue value) {
            this.claimsImports = value;
            return this;
        }

        public Builder discoveryMode(DiscoveryMode value) {
            this.discoveryMode = value;
            return this;
        }

        public Builder pkceMode(PkceMode value) {
            this.pkceMode = value;
            return this;
        }

        public Builder responseMode(Optional<ResponseMode> value) {
            this.responseMode = value;
            return this;
        }

        public Builder responseMode(ResponseMode value) {
            this.responseMode = Optional.of(value);
            return this;
        }

        public Builder jwksUriOverride(Optional<URI> value) {
            this.jwksUriOverride = value;
            return this;
        }

        public Builder jwksUriOverride(URI value) {
            this.jwksUriOverride = Optional.of(value);
            return this;
        }

        public Builder authorizationEndpointOverride(Optional<URI> value) {
            this.authorizationEndpointOverride = value;
            return this;
        }

        public Builder authorizationEndpointOverride(URI value) {
            this.authorizationEndpointOverride = Optional.of(value);
            return this;
        }

        public Builder tokenEndpointOverride(Optional<URI> value) {
            this.tokenEndpointOverride = value;
            return this;
        }

        public Builder tokenEndpointOverride(URI value) {
            this.tokenEndpointOverride = Optional.of(value);
            return this;
        }

        public Builder userinfoEndpointOverride(Optional<URI> value) {
            this.userinfoEndpointOverride = value;
            return this;
        }

        public Builder userinfoEndpointOverride(URI value) {
            this.userinfoEndpointOverride = Optional.of(value);
            return this;
        }

        public Builder additionalAuthorizationParameters(List<Parameter> value) {
            this.additionalAuthorizationParameters = value;
            return this;
        }

        public Builder forwardLoginHint(boolean value) {
            this.forwardLoginHint = value;
            return this;
        }

        public Builder uiOrder(int value) {
            this.uiOrder = value;
            return this;
        }

        public Builder onBackchannelLogout(OnBackchannelLogout value) {
            this.onBackchannelLogout = value;
            return this;
        }

        public Builder registrationTokenRequired(boolean value) {
            this.registrationTokenRequired = value;
            return this;
        }

        public UpstreamOAuthProviderParams build() {
            return new UpstreamOAuthProviderParams(issuer, humanName, brandName, scope, clientId, encryptedClientSecret, tokenEndpointAuthMethod, tokenEndpointSigningAlg, idTokenSignedResponseAlg, fetchUserinfo, userinfoSignedResponseAlg, claimsImports, discoveryMode, pkceMode, responseMode, jwksUriOverride, authorizationEndpointOverride, tokenEndpointOverride, userinfoEndpointOverride, additionalAuthorizationParameters, forwardLoginHint, uiOrder, onBackchannelLogout, registrationTokenRequired);
        }
    }
}
