package io.authstore.storage.oauth2;

import io.authstore.storage.Ulid;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A client of the authorization server: registered dynamically, or static (from the configuration). Its
 * {@code clientId} is its id's text form. The encrypted secret is a secret and stays out of {@link #toString()}.
 *
 * @param grantTypes in a fixed order: authorization code, refresh token, client credentials, device code
 * @param createdAt absent for static clients and for clients registered before it was recorded
 */
public record OAuth2Client(
        Ulid id,
        String clientId,
        Optional<String> metadataDigest,
        Optional<String> encryptedClientSecret,
        Optional<String> applicationType,
        List<URI> redirectUris,
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
        Optional<URI> initiateLoginUri,
        boolean isStatic,
        Optional<Instant> createdAt) {

    public OAuth2Client {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(metadataDigest, "metadataDigest");
        Objects.requireNonNull(encryptedClientSecret, "encryptedClientSecret");
        Objects.requireNonNull(applicationType, "applicationType");
        redirectUris = List.copyOf(redirectUris);
        grantTypes = List.copyOf(grantTypes);
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
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean allows(GrantType grantType) {
        return grantTypes.contains(grantType);
    }

    /** The encrypted secret is a secret: only whether there is one is shown. */
    @Override
    public String toString() {
        return "OAuth2Client[id=" + id + ", clientName=" + clientName + ", isStatic=" + isStatic
                + ", redirectUris=" + redirectUris + ", grantTypes=" + grantTypes
                + ", tokenEndpointAuthMethod=" + tokenEndpointAuthMethod
                + ", encryptedClientSecret=" + (encryptedClientSecret.isPresent() ? "<redacted>" : "none")
                + ", createdAt=" + createdAt + "]";
    }
}
