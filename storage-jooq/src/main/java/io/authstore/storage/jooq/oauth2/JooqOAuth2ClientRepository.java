package io.authstore.storage.jooq.oauth2;

import static io.authstore.snapshot.Tables.OAUTH2_ACCESS_TOKENS;
import static io.authstore.snapshot.Tables.OAUTH2_AUTHORIZATION_GRANTS;
import static io.authstore.snapshot.Tables.OAUTH2_CLIENTS;
import static io.authstore.snapshot.Tables.OAUTH2_REFRESH_TOKENS;
import static io.authstore.snapshot.Tables.OAUTH2_SESSIONS;
import static io.authstore.snapshot.Tables.PERSONAL_ACCESS_TOKENS;
import static io.authstore.snapshot.Tables.PERSONAL_SESSIONS;
import static io.authstore.storage.jooq.Convert.optionalInstant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;
import static io.authstore.storage.jooq.PreparedQuery.value;

import io.authstore.snapshot.tables.records.Oauth2ClientsRecord;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.oauth2.ClientKeys;
import io.authstore.storage.oauth2.GrantType;
import io.authstore.storage.oauth2.OAuth2Client;
import io.authstore.storage.oauth2.OAuth2ClientFilter;
import io.authstore.storage.oauth2.OAuth2ClientMetadata;
import io.authstore.storage.oauth2.OAuth2ClientRepository;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class JooqOAuth2ClientRepository implements OAuth2ClientRepository {

    private static final String TABLE = "oauth2_clients";
    private static final char LIKE_ESCAPE = '!';

    private final Statements db;
    private final DSLContext dsl;

    public JooqOAuth2ClientRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    // lookup runs on every client authentication and authorization request: rendered once, bound per call.
    private static final PreparedQuery<Oauth2ClientsRecord> BY_ID =
            PreparedQuery.lookup(OAUTH2_CLIENTS, OAUTH2_CLIENTS.OAUTH2_CLIENT_ID);
    private static final PreparedQuery<Oauth2ClientsRecord> BY_METADATA_DIGEST =
            PreparedQuery.lookup(OAUTH2_CLIENTS, OAUTH2_CLIENTS.METADATA_DIGEST);

    @Override
    public Mono<OAuth2Client> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.oauth2_client.lookup", BY_ID.with(uuid(id))))
                .map(JooqOAuth2ClientRepository::client);
    }

    @Override
    public Mono<OAuth2Client> findByClientId(String clientId) {
        Ulid id;
        try {
            id = Ulid.parse(clientId);
        } catch (IllegalArgumentException notAnId) {
            return Mono.empty();
        }
        return lookup(id);
    }

    @Override
    public Mono<OAuth2Client> findByMetadataDigest(String digest) {
        if (Text.hasNul(digest)) {
            return Text.refused("digest");
        }
        return Mono.defer(() -> db.fetchOptional("db.oauth2_client.find_by_metadata_digest",
                        BY_METADATA_DIGEST.with(digest)))
                .map(JooqOAuth2ClientRepository::client);
    }

    @Override
    public Mono<Map<Ulid, OAuth2Client>> loadBatch(Collection<Ulid> ids) {
        UUID[] batch = ids.stream().distinct().sorted().map(Ulid::toUuid).toArray(UUID[]::new);
        if (batch.length == 0) {
            return Mono.just(Map.of());
        }
        return db.fetch("db.oauth2_client.load_batch", dsl.selectFrom(OAUTH2_CLIENTS)
                        .where(OAUTH2_CLIENTS.OAUTH2_CLIENT_ID.eq(DSL.any(batch)))
                        .orderBy(OAUTH2_CLIENTS.OAUTH2_CLIENT_ID))
                .map(JooqOAuth2ClientRepository::client)
                .collectList()
                .map(clients -> {
                    Map<Ulid, OAuth2Client> byId = new LinkedHashMap<>();
                    clients.forEach(client -> byId.put(client.id(), client));
                    return Collections.unmodifiableMap(byId);
                });
    }

    // Rendered once, bound per call. A digest taken already: reported without an error that would abort the
    // transaction.
    private static final PreparedQuery<Oauth2ClientsRecord> ADD = PreparedQuery.of(DSL.insertInto(OAUTH2_CLIENTS)
            .set(OAUTH2_CLIENTS.OAUTH2_CLIENT_ID, value(OAUTH2_CLIENTS.OAUTH2_CLIENT_ID))
            .set(OAUTH2_CLIENTS.IS_STATIC, false)
            .set(OAUTH2_CLIENTS.METADATA_DIGEST, value(OAUTH2_CLIENTS.METADATA_DIGEST))
            .set(OAUTH2_CLIENTS.ENCRYPTED_CLIENT_SECRET, value(OAUTH2_CLIENTS.ENCRYPTED_CLIENT_SECRET))
            .set(OAUTH2_CLIENTS.APPLICATION_TYPE, value(OAUTH2_CLIENTS.APPLICATION_TYPE))
            .set(OAUTH2_CLIENTS.REDIRECT_URIS, value(OAUTH2_CLIENTS.REDIRECT_URIS))
            .set(OAUTH2_CLIENTS.GRANT_TYPE_AUTHORIZATION_CODE, value(OAUTH2_CLIENTS.GRANT_TYPE_AUTHORIZATION_CODE))
            .set(OAUTH2_CLIENTS.GRANT_TYPE_REFRESH_TOKEN, value(OAUTH2_CLIENTS.GRANT_TYPE_REFRESH_TOKEN))
            .set(OAUTH2_CLIENTS.GRANT_TYPE_CLIENT_CREDENTIALS, value(OAUTH2_CLIENTS.GRANT_TYPE_CLIENT_CREDENTIALS))
            .set(OAUTH2_CLIENTS.GRANT_TYPE_DEVICE_CODE, value(OAUTH2_CLIENTS.GRANT_TYPE_DEVICE_CODE))
            .set(OAUTH2_CLIENTS.CLIENT_NAME, value(OAUTH2_CLIENTS.CLIENT_NAME))
            .set(OAUTH2_CLIENTS.LOGO_URI, value(OAUTH2_CLIENTS.LOGO_URI))
            .set(OAUTH2_CLIENTS.CLIENT_URI, value(OAUTH2_CLIENTS.CLIENT_URI))
            .set(OAUTH2_CLIENTS.POLICY_URI, value(OAUTH2_CLIENTS.POLICY_URI))
            .set(OAUTH2_CLIENTS.TOS_URI, value(OAUTH2_CLIENTS.TOS_URI))
            .set(OAUTH2_CLIENTS.JWKS_URI, value(OAUTH2_CLIENTS.JWKS_URI))
            .set(OAUTH2_CLIENTS.JWKS, value(OAUTH2_CLIENTS.JWKS))
            .set(OAUTH2_CLIENTS.ID_TOKEN_SIGNED_RESPONSE_ALG, value(OAUTH2_CLIENTS.ID_TOKEN_SIGNED_RESPONSE_ALG))
            .set(OAUTH2_CLIENTS.USERINFO_SIGNED_RESPONSE_ALG, value(OAUTH2_CLIENTS.USERINFO_SIGNED_RESPONSE_ALG))
            .set(OAUTH2_CLIENTS.TOKEN_ENDPOINT_AUTH_METHOD, value(OAUTH2_CLIENTS.TOKEN_ENDPOINT_AUTH_METHOD))
            .set(OAUTH2_CLIENTS.TOKEN_ENDPOINT_AUTH_SIGNING_ALG, value(OAUTH2_CLIENTS.TOKEN_ENDPOINT_AUTH_SIGNING_ALG))
            .set(OAUTH2_CLIENTS.INITIATE_LOGIN_URI, value(OAUTH2_CLIENTS.INITIATE_LOGIN_URI))
            .set(OAUTH2_CLIENTS.CREATED_AT, value(OAUTH2_CLIENTS.CREATED_AT))
            .onConflict(OAUTH2_CLIENTS.METADATA_DIGEST)
            .doNothing()
            .returning());

    @Override
    public Mono<OAuth2Client> add(Clock clock, RandomSource random, OAuth2ClientMetadata metadata) {
        String refused = refusedText(metadata);
        if (refused != null) {
            return Text.refused(refused);
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            List<GrantType> grants = metadata.grantTypes();
            // In the order of ADD's columns (most of them text: the order is not checked by type).
            return db.fetchOptional("db.oauth2_client.add", ADD.with(
                            uuid(id),
                            metadata.metadataDigest().orElse(null),
                            metadata.encryptedClientSecret().orElse(null),
                            metadata.applicationType().orElse(null),
                            texts(metadata.redirectUris()),
                            grants.contains(GrantType.AUTHORIZATION_CODE),
                            grants.contains(GrantType.REFRESH_TOKEN),
                            grants.contains(GrantType.CLIENT_CREDENTIALS),
                            grants.contains(GrantType.DEVICE_CODE),
                            metadata.clientName().orElse(null),
                            text(metadata.logoUri()),
                            text(metadata.clientUri()),
                            text(metadata.policyUri()),
                            text(metadata.tosUri()),
                            jwksUri(metadata.keys()),
                            jwks(metadata.keys()),
                            metadata.idTokenSignedResponseAlg().orElse(null),
                            metadata.userinfoSignedResponseAlg().orElse(null),
                            metadata.tokenEndpointAuthMethod().orElse(null),
                            metadata.tokenEndpointAuthSigningAlg().orElse(null),
                            text(metadata.initiateLoginUri()),
                            timestamp(now)))
                    .map(JooqOAuth2ClientRepository::client)
                    .switchIfEmpty(Mono.error(() -> new ConflictException(TABLE,
                            "oauth2_clients_metadata_digest_key",
                            "a client with the same metadata digest is registered already")));
        });
    }

    private static String refusedText(OAuth2ClientMetadata metadata) {
        if (Text.hasNul(metadata.metadataDigest().orElse(null))) {
            return "metadataDigest";
        }
        if (Text.hasNul(metadata.encryptedClientSecret().orElse(null))) {
            return "encryptedClientSecret";
        }
        if (Text.hasNul(metadata.applicationType().orElse(null))) {
            return "applicationType";
        }
        if (Text.hasNul(metadata.clientName().orElse(null))) {
            return "clientName";
        }
        if (Text.hasNul(metadata.idTokenSignedResponseAlg().orElse(null))) {
            return "idTokenSignedResponseAlg";
        }
        if (Text.hasNul(metadata.userinfoSignedResponseAlg().orElse(null))) {
            return "userinfoSignedResponseAlg";
        }
        if (Text.hasNul(metadata.tokenEndpointAuthMethod().orElse(null))) {
            return "tokenEndpointAuthMethod";
        }
        if (Text.hasNul(metadata.tokenEndpointAuthSigningAlg().orElse(null))) {
            return "tokenEndpointAuthSigningAlg";
        }
        // jsonb holds no U+0000 either, written raw or as the escape \u0000.
        if (metadata.keys().orElse(null) instanceof ClientKeys.Jwks(String json)
                && (Text.hasNul(json) || json.contains("\\u0000"))) {
            return "keys";
        }
        if (Stream.of(metadata.logoUri(), metadata.clientUri(), metadata.policyUri(), metadata.tosUri(),
                        metadata.initiateLoginUri())
                .anyMatch(uri -> Text.hasNul(text(uri)))
                || metadata.redirectUris().stream().anyMatch(uri -> Text.hasNul(uri.toString()))) {
            return "uri";
        }
        return null;
    }

    // Rendered once, bound per call.
    private static final PreparedQuery<Oauth2ClientsRecord> UPSERT_STATIC = PreparedQuery.of(
            DSL.insertInto(OAUTH2_CLIENTS)
                    .set(OAUTH2_CLIENTS.OAUTH2_CLIENT_ID, value(OAUTH2_CLIENTS.OAUTH2_CLIENT_ID))
                    .set(OAUTH2_CLIENTS.ENCRYPTED_CLIENT_SECRET, value(OAUTH2_CLIENTS.ENCRYPTED_CLIENT_SECRET))
                    .set(OAUTH2_CLIENTS.REDIRECT_URIS, value(OAUTH2_CLIENTS.REDIRECT_URIS))
                    .set(OAUTH2_CLIENTS.GRANT_TYPE_AUTHORIZATION_CODE, true)
                    .set(OAUTH2_CLIENTS.GRANT_TYPE_REFRESH_TOKEN, true)
                    .set(OAUTH2_CLIENTS.GRANT_TYPE_CLIENT_CREDENTIALS, true)
                    .set(OAUTH2_CLIENTS.GRANT_TYPE_DEVICE_CODE, true)
                    .set(OAUTH2_CLIENTS.TOKEN_ENDPOINT_AUTH_METHOD, value(OAUTH2_CLIENTS.TOKEN_ENDPOINT_AUTH_METHOD))
                    .set(OAUTH2_CLIENTS.JWKS, value(OAUTH2_CLIENTS.JWKS))
                    .set(OAUTH2_CLIENTS.CLIENT_NAME, value(OAUTH2_CLIENTS.CLIENT_NAME))
                    .set(OAUTH2_CLIENTS.CLIENT_URI, value(OAUTH2_CLIENTS.CLIENT_URI))
                    .set(OAUTH2_CLIENTS.JWKS_URI, value(OAUTH2_CLIENTS.JWKS_URI))
                    .set(OAUTH2_CLIENTS.IS_STATIC, true)
                    .onConflict(OAUTH2_CLIENTS.OAUTH2_CLIENT_ID)
                    .doUpdate()
                    .set(OAUTH2_CLIENTS.ENCRYPTED_CLIENT_SECRET, DSL.excluded(OAUTH2_CLIENTS.ENCRYPTED_CLIENT_SECRET))
                    .set(OAUTH2_CLIENTS.REDIRECT_URIS, DSL.excluded(OAUTH2_CLIENTS.REDIRECT_URIS))
                    .set(OAUTH2_CLIENTS.GRANT_TYPE_AUTHORIZATION_CODE,
                            DSL.excluded(OAUTH2_CLIENTS.GRANT_TYPE_AUTHORIZATION_CODE))
                    .set(OAUTH2_CLIENTS.GRANT_TYPE_REFRESH_TOKEN, DSL.excluded(OAUTH2_CLIENTS.GRANT_TYPE_REFRESH_TOKEN))
                    .set(OAUTH2_CLIENTS.GRANT_TYPE_CLIENT_CREDENTIALS,
                            DSL.excluded(OAUTH2_CLIENTS.GRANT_TYPE_CLIENT_CREDENTIALS))
                    .set(OAUTH2_CLIENTS.GRANT_TYPE_DEVICE_CODE, DSL.excluded(OAUTH2_CLIENTS.GRANT_TYPE_DEVICE_CODE))
                    .set(OAUTH2_CLIENTS.TOKEN_ENDPOINT_AUTH_METHOD,
                            DSL.excluded(OAUTH2_CLIENTS.TOKEN_ENDPOINT_AUTH_METHOD))
                    .set(OAUTH2_CLIENTS.JWKS, DSL.excluded(OAUTH2_CLIENTS.JWKS))
                    .set(OAUTH2_CLIENTS.CLIENT_NAME, DSL.excluded(OAUTH2_CLIENTS.CLIENT_NAME))
                    .set(OAUTH2_CLIENTS.CLIENT_URI, DSL.excluded(OAUTH2_CLIENTS.CLIENT_URI))
                    .set(OAUTH2_CLIENTS.JWKS_URI, DSL.excluded(OAUTH2_CLIENTS.JWKS_URI))
                    .set(OAUTH2_CLIENTS.IS_STATIC, true)
                    .returning());

    @Override
    public Mono<OAuth2Client> upsertStatic(
            Ulid id,
            Optional<String> clientName,
            Optional<URI> clientUri,
            String tokenEndpointAuthMethod,
            Optional<String> encryptedClientSecret,
            Optional<ClientKeys> keys,
            List<URI> redirectUris) {
        if (Text.hasNul(clientName.orElse(null))) {
            return Text.refused("clientName");
        }
        if (Text.hasNul(tokenEndpointAuthMethod)) {
            return Text.refused("tokenEndpointAuthMethod");
        }
        if (Text.hasNul(encryptedClientSecret.orElse(null))) {
            return Text.refused("encryptedClientSecret");
        }
        // In the order of UPSERT_STATIC's columns.
        return Mono.defer(() -> db.fetchOptional("db.oauth2_client.upsert_static", UPSERT_STATIC.with(uuid(id),
                        encryptedClientSecret.orElse(null), texts(redirectUris), tokenEndpointAuthMethod, jwks(keys),
                        clientName.orElse(null), text(clientUri), jwksUri(keys))))
                .switchIfEmpty(Mono.error(() -> new InconsistencyException(TABLE, "oauth2_client_id", id,
                        "db.oauth2_client.upsert_static returned no row")))
                .map(JooqOAuth2ClientRepository::client);
    }

    // Rendered once.
    private static final PreparedQuery<Oauth2ClientsRecord> ALL_STATIC = PreparedQuery.of(DSL.selectFrom(OAUTH2_CLIENTS)
            .where(OAUTH2_CLIENTS.IS_STATIC.isTrue())
            .orderBy(OAUTH2_CLIENTS.OAUTH2_CLIENT_ID));

    @Override
    public Mono<List<OAuth2Client>> allStatic() {
        return db.fetch("db.oauth2_client.all_static", ALL_STATIC.with())
                .map(JooqOAuth2ClientRepository::client)
                .collectList();
    }

    @Override
    public Mono<Void> delete(OAuth2Client client) {
        return deleteById(client.id());
    }

    // Deleting a client: its children first; device-code grants go with the client (ON DELETE CASCADE). Each
    // statement takes the one value CLIENT, rendered once.
    private static final Param<UUID> CLIENT = value("client", OAUTH2_CLIENTS.OAUTH2_CLIENT_ID);
    private static final Select<Record1<UUID>> SESSIONS_OF_CLIENT = DSL.select(OAUTH2_SESSIONS.OAUTH2_SESSION_ID)
            .from(OAUTH2_SESSIONS)
            .where(OAUTH2_SESSIONS.OAUTH2_CLIENT_ID.eq(CLIENT));
    private static final Select<Record1<UUID>> PERSONAL_SESSIONS_OF_CLIENT =
            DSL.select(PERSONAL_SESSIONS.PERSONAL_SESSION_ID)
                    .from(PERSONAL_SESSIONS)
                    .where(PERSONAL_SESSIONS.OWNER_OAUTH2_CLIENT_ID.eq(CLIENT));
    private static final List<PreparedQuery<Record>> DELETE_CHILDREN = Stream.of(
                    DSL.deleteFrom(OAUTH2_AUTHORIZATION_GRANTS)
                            .where(OAUTH2_AUTHORIZATION_GRANTS.OAUTH2_CLIENT_ID.eq(CLIENT)
                                    .or(OAUTH2_AUTHORIZATION_GRANTS.OAUTH2_SESSION_ID.in(SESSIONS_OF_CLIENT))),
                    DSL.deleteFrom(OAUTH2_ACCESS_TOKENS)
                            .where(OAUTH2_ACCESS_TOKENS.OAUTH2_SESSION_ID.in(SESSIONS_OF_CLIENT)),
                    DSL.deleteFrom(OAUTH2_REFRESH_TOKENS)
                            .where(OAUTH2_REFRESH_TOKENS.OAUTH2_SESSION_ID.in(SESSIONS_OF_CLIENT)),
                    DSL.deleteFrom(OAUTH2_SESSIONS).where(OAUTH2_SESSIONS.OAUTH2_CLIENT_ID.eq(CLIENT)),
                    DSL.deleteFrom(PERSONAL_ACCESS_TOKENS)
                            .where(PERSONAL_ACCESS_TOKENS.PERSONAL_SESSION_ID.in(PERSONAL_SESSIONS_OF_CLIENT)),
                    DSL.deleteFrom(PERSONAL_SESSIONS).where(PERSONAL_SESSIONS.OWNER_OAUTH2_CLIENT_ID.eq(CLIENT)))
            .map(PreparedQuery::of)
            .toList();
    private static final PreparedQuery<Record> DELETE =
            PreparedQuery.of(DSL.deleteFrom(OAUTH2_CLIENTS).where(OAUTH2_CLIENTS.OAUTH2_CLIENT_ID.eq(CLIENT)));

    @Override
    public Mono<Void> deleteById(Ulid id) {
        String operation = "db.oauth2_client.delete_by_id";
        return Mono.defer(() -> {
            UUID client = uuid(id);
            return Flux.fromIterable(DELETE_CHILDREN)
                    .concatMap(delete -> db.execute(operation, delete.with(client)))
                    .then(db.executeExactlyOne(operation, DELETE.with(client), TABLE, id));
        });
    }

    @Override
    public Mono<Page<OAuth2Client>> list(OAuth2ClientFilter filter, Pagination pagination) {
        String refused = refusedText(filter);
        if (refused != null) {
            return Text.refused(refused);
        }
        return db.fetchPage("db.oauth2_client.list", dsl.selectFrom(OAUTH2_CLIENTS).where(condition(filter)),
                        OAUTH2_CLIENTS.OAUTH2_CLIENT_ID, Oauth2ClientsRecord::getOauth2ClientId, pagination)
                .map(page -> page.map(JooqOAuth2ClientRepository::client));
    }

    @Override
    public Mono<Long> count(OAuth2ClientFilter filter) {
        String refused = refusedText(filter);
        if (refused != null) {
            return Text.refused(refused);
        }
        return db.count("db.oauth2_client.count", OAUTH2_CLIENTS, condition(filter));
    }

    private static String refusedText(OAuth2ClientFilter filter) {
        if (Text.hasNul(filter.clientName().orElse(null))) {
            return "filter clientName";
        }
        if (Text.hasNul(filter.clientUri().orElse(null))) {
            return "filter clientUri";
        }
        return null;
    }

    /** The one place an {@link OAuth2ClientFilter} becomes SQL: list and count share it. */
    static Condition condition(OAuth2ClientFilter filter) {
        Condition condition = DSL.noCondition();
        if (filter.isStatic().isPresent()) {
            condition = condition.and(OAUTH2_CLIENTS.IS_STATIC.eq(filter.isStatic().get()));
        }
        if (filter.clientName().isPresent()) {
            condition = condition.and(OAUTH2_CLIENTS.CLIENT_NAME.likeIgnoreCase(contains(filter.clientName().get()),
                    LIKE_ESCAPE));
        }
        if (filter.clientUri().isPresent()) {
            condition = condition.and(OAUTH2_CLIENTS.CLIENT_URI.likeIgnoreCase(contains(filter.clientUri().get()),
                    LIKE_ESCAPE));
        }
        if (filter.grantType().isPresent()) {
            condition = condition.and(switch (filter.grantType().get()) {
                case AUTHORIZATION_CODE -> OAUTH2_CLIENTS.GRANT_TYPE_AUTHORIZATION_CODE.isTrue();
                case REFRESH_TOKEN -> OAUTH2_CLIENTS.GRANT_TYPE_REFRESH_TOKEN.isTrue();
                case CLIENT_CREDENTIALS -> OAUTH2_CLIENTS.GRANT_TYPE_CLIENT_CREDENTIALS.isTrue();
                case DEVICE_CODE -> OAUTH2_CLIENTS.GRANT_TYPE_DEVICE_CODE.isTrue();
                case IMPLICIT, PASSWORD, JWT_BEARER -> DSL.falseCondition();
            });
        }
        if (filter.hasActiveSessions().isPresent()) {
            Condition active = DSL.exists(DSL.selectOne().from(OAUTH2_SESSIONS)
                    .where(OAUTH2_SESSIONS.OAUTH2_CLIENT_ID.eq(OAUTH2_CLIENTS.OAUTH2_CLIENT_ID))
                    .and(OAUTH2_SESSIONS.FINISHED_AT.isNull()));
            condition = condition.and(filter.hasActiveSessions().get() ? active : DSL.not(active));
        }
        return condition;
    }

    private static String contains(String text) {
        return "%" + DSL.escape(text, LIKE_ESCAPE) + "%";
    }

    private static String[] texts(List<URI> uris) {
        return uris.stream().map(URI::toString).toArray(String[]::new);
    }

    private static String text(Optional<URI> uri) {
        return uri.map(URI::toString).orElse(null);
    }

    private static String jwksUri(Optional<ClientKeys> keys) {
        return keys.orElse(null) instanceof ClientKeys.JwksUri(URI uri) ? uri.toString() : null;
    }

    private static JSONB jwks(Optional<ClientKeys> keys) {
        return keys.orElse(null) instanceof ClientKeys.Jwks(String json) ? JSONB.valueOf(json) : null;
    }

    static OAuth2Client client(Oauth2ClientsRecord row) {
        Ulid id = ulid(row.getOauth2ClientId());
        List<URI> redirectUris = new ArrayList<>();
        for (String uri : row.getRedirectUris()) {
            redirectUris.add(uri(id, "redirect_uris", uri));
        }
        List<GrantType> grantTypes = new ArrayList<>();
        if (row.getGrantTypeAuthorizationCode()) {
            grantTypes.add(GrantType.AUTHORIZATION_CODE);
        }
        if (row.getGrantTypeRefreshToken()) {
            grantTypes.add(GrantType.REFRESH_TOKEN);
        }
        if (row.getGrantTypeClientCredentials()) {
            grantTypes.add(GrantType.CLIENT_CREDENTIALS);
        }
        if (row.getGrantTypeDeviceCode()) {
            grantTypes.add(GrantType.DEVICE_CODE);
        }
        Optional<ClientKeys> keys;
        if (row.getJwks() != null && row.getJwksUri() != null) {
            throw new InconsistencyException(TABLE, "jwks", id, "set together with jwks_uri");
        } else if (row.getJwks() != null) {
            keys = Optional.of(new ClientKeys.Jwks(row.getJwks().data()));
        } else if (row.getJwksUri() != null) {
            keys = Optional.of(new ClientKeys.JwksUri(uri(id, "jwks_uri", row.getJwksUri())));
        } else {
            keys = Optional.empty();
        }
        return new OAuth2Client(
                id,
                id.toString(),
                Optional.ofNullable(row.getMetadataDigest()),
                Optional.ofNullable(row.getEncryptedClientSecret()),
                Optional.ofNullable(row.getApplicationType()),
                redirectUris,
                grantTypes,
                Optional.ofNullable(row.getClientName()),
                optionalUri(id, "logo_uri", row.getLogoUri()),
                optionalUri(id, "client_uri", row.getClientUri()),
                optionalUri(id, "policy_uri", row.getPolicyUri()),
                optionalUri(id, "tos_uri", row.getTosUri()),
                keys,
                Optional.ofNullable(row.getIdTokenSignedResponseAlg()),
                Optional.ofNullable(row.getUserinfoSignedResponseAlg()),
                Optional.ofNullable(row.getTokenEndpointAuthMethod()),
                Optional.ofNullable(row.getTokenEndpointAuthSigningAlg()),
                optionalUri(id, "initiate_login_uri", row.getInitiateLoginUri()),
                row.getIsStatic(),
                optionalInstant(row.getCreatedAt()));
    }

    private static Optional<URI> optionalUri(Ulid id, String column, String value) {
        return value == null ? Optional.empty() : Optional.of(uri(id, column, value));
    }

    private static URI uri(Ulid id, String column, String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new InconsistencyException(TABLE, column, id, "not a URI");
        }
    }
}
