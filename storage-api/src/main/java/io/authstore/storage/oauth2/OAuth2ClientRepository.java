package io.authstore.storage.oauth2;

import io.authstore.storage.Clock;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** OAuth 2.0 clients: dynamically registered and static (from the configuration). */
public interface OAuth2ClientRepository {

    Mono<OAuth2Client> lookup(Ulid id);

    /** The client whose client id is {@code clientId}; empty when it is not an id's text form or no such client. */
    Mono<OAuth2Client> findByClientId(String clientId);

    /** The dynamic client registered with this metadata digest, to deduplicate identical registrations. */
    Mono<OAuth2Client> findByMetadataDigest(String digest);

    /** The clients with these ids, in one query, by id; ids without a client are absent from the map. */
    Mono<Map<Ulid, OAuth2Client>> loadBatch(Collection<Ulid> ids);

    /**
     * Registers a dynamic client. Fails with {@code ConflictException} when another client has the same metadata
     * digest (the session stays usable), and with {@link IllegalArgumentException} for a NUL in any text. A JWK Set
     * given by value must be JSON: PostgreSQL refuses anything else (a {@code DatabaseException}).
     */
    Mono<OAuth2Client> add(Clock clock, RandomSource random, OAuth2ClientMetadata metadata);

    /**
     * Creates or replaces the static client {@code id}: its secret, redirect URIs, keys, name, URI and token
     * endpoint authentication method are overwritten, and it is allowed every stored grant type.
     */
    Mono<OAuth2Client> upsertStatic(
            Ulid id,
            Optional<String> clientName,
            Optional<URI> clientUri,
            String tokenEndpointAuthMethod,
            Optional<String> encryptedClientSecret,
            Optional<ClientKeys> keys,
            List<URI> redirectUris);

    /** Every static client, in id order. */
    Mono<List<OAuth2Client>> allStatic();

    /** {@link #deleteById} of the client's id. */
    Mono<Void> delete(OAuth2Client client);

    /**
     * Deletes the client with its authorization grants, device-code grants, OAuth 2.0 sessions and their tokens, and
     * the personal sessions (with their tokens) it owns. {@code NotAffectedException} when there was no such client.
     */
    Mono<Void> deleteById(Ulid id);

    Mono<Page<OAuth2Client>> list(OAuth2ClientFilter filter, Pagination pagination);

    Mono<Long> count(OAuth2ClientFilter filter);
}
