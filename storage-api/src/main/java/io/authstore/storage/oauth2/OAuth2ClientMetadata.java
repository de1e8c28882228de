package io.authstore.storage.oauth2;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a dynamic registration stores for a new client ({@link OAuth2ClientRepository#add}). Build it with
 * {@link #builder()}; every field but the redirect URIs and grant types is optional.
 */
public record OAuth2ClientMetadata(
        List<URI> redirectUris,
        Optional<String> metadataDigest,
        Optional<String> encryptedClientSecret,
        Optional<String> applicationType,
        List<GrantType> grantTypes,
        Optional<String> clientName,
        Optional<URI> logoUri,
        Optional<URI> clientUri,
        Optional<URI> policyUri,
        Optional<URI> tosUri,
        Optional<ClientKeys> keys,
        Optional<String> idTokenSignedResponseAlg,
        Optional<String> userinfoSignedResponseAlg,
        Optional<String> tokenEndpointAuthMethod,
        Optional<String> tokenEndpointAuthSigningAlg,
        Optional<URI> initiateLoginUri) {

    public OAuth2ClientMetadata {
        redirectUris = List.copyOf(redirectUris);
        grantTypes = List.copyOf(grantTypes);
        Objects.requireNonNull(metadataDigest, "metadataDigest");
        Objects.requireNonNull(encryptedClientSecret, "encryptedClientSecret");
        Objects.requireNonNull(applicationType, "applicationType");
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(logoUri, "logoUri");
        Objects.requireNonNull(clientUri, "clientUri");
        Objects.requireNonNull(policyUri, "policyUri");
        Objects.requireNonNull(tosUri, "tosUri");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(idTokenSignedResponseAlg, "idTokenSignedResponseAlg");
        Objects.requireNonNull(userinfoSignedResponseAlg, "userinfoSignedResponseAlg");
        Objects.requireNonNull(tokenEndpointAuthMethod, "tokenEndpointAuthMethod");
        Objects.requireNonNull(tokenEndpointAuthSigningAlg, "tokenEndpointAuthSigningAlg");
        Objects.requireNonNull(initiateLoginUri, "initiateLoginUri");
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "OAuth2ClientMetadata[clientName=" + clientName + ", redirectUris=" + redirectUris + ", grantTypes="
                + grantTypes + ", encryptedClientSecret="
                + (encryptedClientSecret.isPresent() ? "<redacted>" : "none") + "]";
    }

    /** Mutable, for building one metadata value. */
    public static final class Builder {
        private List<URI> redirectUris = List.of();
        private String metadataDigest;
        private String encryptedClientSecret;
        private String applicationType;
        private List<GrantType> grantTypes = List.of();
        private String clientName;
        private URI logoUri;
        private URI clientUri;
        private URI policyUri;
        private URI tosUri;
        private ClientKeys keys;
        private String idTokenSignedResponseAlg;
        private String userinfoSignedResponseAlg;
        private String tokenEndpointAuthMethod;
        private String tokenEndpointAuthSigningAlg;
        private URI initiateLoginUri;

        private Builder() {}

        public Builder redirectUris(List<URI> value) { this.redirectUris = value; return this; }
        public Builder redirectUris(String... value) {
            this.redirectUris = java.util.Arrays.stream(value).map(URI::create).toList();
            return this;
        }
        public Builder metadataDigest(String value) { this.metadataDigest = value; return this; }
        public Builder encryptedClientSecret(String value) { this.encryptedClientSecret = value; return this; }
        public Builder applicationType(String value) { this.applicationType = value; return this; }
        public Builder grantTypes(GrantType... value) { this.grantTypes = List.of(value); return this; }
        public Builder clientName(String value) { this.clientName = value; return this; }
        public Builder logoUri(String value) { this.logoUri = URI.create(value); return this; }
        public Builder clientUri(String value) { this.clientUri = URI.create(value); return this; }
        public Builder policyUri(String value) { this.policyUri = URI.create(value); return this; }
        public Builder tosUri(String value) { this.tosUri = URI.create(value); return this; }
        public Builder keys(ClientKeys value) { this.keys = value; return this; }
        public Builder jwksUri(String value) { this.keys = new ClientKeys.JwksUri(URI.create(value)); return this; }
        public Builder idTokenSignedResponseAlg(String value) { this.idTokenSignedResponseAlg = value; return this; }
        public Builder userinfoSignedResponseAlg(String value) { this.userinfoSignedResponseAlg = value; return this; }
        public Builder tokenEndpointAuthMethod(String value) { this.tokenEndpointAuthMethod = value; return this; }
        public Builder tokenEndpointAuthSigningAlg(String value) {
            this.tokenEndpointAuthSigningAlg = value;
            return this;
        }
        public Builder initiateLoginUri(String value) { this.initiateLoginUri = URI.create(value); return this; }

        public OAuth2ClientMetadata build() {
            return new OAuth2ClientMetadata(redirectUris, Optional.ofNullable(metadataDigest),
                    Optional.ofNullable(encryptedClientSecret), Optional.ofNullable(applicationType), grantTypes,
                    Optional.ofNullable(clientName), Optional.ofNullable(logoUri), Optional.ofNullable(clientUri),
                    Optional.ofNullable(policyUri), Optional.ofNullable(tosUri), Optional.ofNullable(keys),
                    Optional.ofNullable(idTokenSignedResponseAlg), Optional.ofNullable(userinfoSignedResponseAlg),
                    Optional.ofNullable(tokenEndpointAuthMethod), Optional.ofNullable(tokenEndpointAuthSigningAlg),
                    Optional.ofNullable(initiateLoginUri));
        }
    }
}
