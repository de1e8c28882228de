package io.authstore.storage.jooq.upstream;

import static io.authstore.snapshot.Tables.UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS;
import static io.authstore.snapshot.Tables.UPSTREAM_OAUTH_LINKS;
import static io.authstore.snapshot.Tables.UPSTREAM_OAUTH_PROVIDERS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalInstant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.snapshot.tables.records.UpstreamOauthProvidersRecord;
import io.authstore.storage.Clock;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.JsonValue;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.JsonColumns;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.upstream.UpstreamOAuthProvider;
import io.authstore.storage.upstream.UpstreamOAuthProvider.DiscoveryMode;
import io.authstore.storage.upstream.UpstreamOAuthProvider.OnBackchannelLogout;
import io.authstore.storage.upstream.UpstreamOAuthProvider.Parameter;
import io.authstore.storage.upstream.UpstreamOAuthProvider.PkceMode;
import io.authstore.storage.upstream.UpstreamOAuthProvider.ResponseMode;
import io.authstore.storage.upstream.UpstreamOAuthProvider.TokenAuthMethod;
import io.authstore.storage.upstream.UpstreamOAuthProviderFilter;
import io.authstore.storage.upstream.UpstreamOAuthProviderParams;
import io.authstore.storage.upstream.UpstreamOAuthProviderRepository;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertSetMoreStep;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import reactor.core.publisher.Mono;

public final class JooqUpstreamOAuthProviderRepository implements UpstreamOAuthProviderRepository {

    static final String TABLE = "upstream_oauth_providers";

    private final Statements db;
    private final DSLContext dsl;

    public JooqUpstreamOAuthProviderRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    // Every upstream login reads its provider: rendered once, bound per call.
    private static final PreparedQuery<UpstreamOauthProvidersRecord> BY_ID =
            PreparedQuery.lookup(UPSTREAM_OAUTH_PROVIDERS, UPSTREAM_OAUTH_PROVIDERS.UPSTREAM_OAUTH_PROVIDER_ID);

    @Override
    public Mono<UpstreamOAuthProvider> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.upstream_oauth_provider.lookup", BY_ID.with(uuid(id))))
                .map(JooqUpstreamOAuthProviderRepository::provider);
    }

    /** A configured column and its value from the params: one list, so a column cannot get another's value. */
    private record Configured<T>(TableField<UpstreamOauthProvidersRecord, T> column,
            Function<UpstreamOAuthProviderParams, T> value) {

        InsertSetMoreStep<UpstreamOauthProvidersRecord> set(InsertSetMoreStep<UpstreamOauthProvidersRecord> insert) {
            return insert.set(column, PreparedQuery.value(column));
        }
    }

    /** Every configured column; add and upsert write the same ones. */
    private static final List<Configured<?>> CONFIGURED = List.of(
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.ISSUER, params -> params.issuer().orElse(null)),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.HUMAN_NAME, params -> params.humanName().orElse(null)),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.BRAND_NAME, params -> params.brandName().orElse(null)),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.SCOPE, UpstreamOAuthProviderParams::scope),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.CLIENT_ID, UpstreamOAuthProviderParams::clientId),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.ENCRYPTED_CLIENT_SECRET,
                    params -> params.encryptedClientSecret().orElse(null)),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.TOKEN_ENDPOINT_AUTH_METHOD,
                    params -> params.tokenEndpointAuthMethod().value()),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.TOKEN_ENDPOINT_SIGNING_ALG,
                    params -> params.tokenEndpointSigningAlg().orElse(null)),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.ID_TOKEN_SIGNED_RESPONSE_ALG,
                    UpstreamOAuthProviderParams::idTokenSignedResponseAlg),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.FETCH_USERINFO, UpstreamOAuthProviderParams::fetchUserinfo),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.USERINFO_SIGNED_RESPONSE_ALG,
                    params -> params.userinfoSignedResponseAlg().orElse(null)),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.CLAIMS_IMPORTS,
                    params -> JsonColumns.jsonb(params.claimsImports())),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.DISCOVERY_MODE, params -> params.discoveryMode().value()),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.PKCE_MODE, params -> params.pkceMode().value()),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.RESPONSE_MODE,
                    params -> params.responseMode().map(ResponseMode::value).orElse(null)),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.JWKS_URI_OVERRIDE, params -> text(params.jwksUriOverride())),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.AUTHORIZATION_ENDPOINT_OVERRIDE,
                    params -> text(params.authorizationEndpointOverride())),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.TOKEN_ENDPOINT_OVERRIDE,
                    params -> text(params.tokenEndpointOverride())),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.USERINFO_ENDPOINT_OVERRIDE,
                    params -> text(params.userinfoEndpointOverride())),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.ADDITIONAL_PARAMETERS,
                    params -> JsonColumns.jsonb(parametersJson(params.additionalAuthorizationParameters()))),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.FORWARD_LOGIN_HINT,
                    UpstreamOAuthProviderParams::forwardLoginHint),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.UI_ORDER, UpstreamOAuthProviderParams::uiOrder),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.ON_BACKCHANNEL_LOGOUT,
                    params -> params.onBackchannelLogout().value()),
            new Configured<>(UPSTREAM_OAUTH_PROVIDERS.REGISTRATION_TOKEN_REQUIRED,
                    UpstreamOAuthProviderParams::registrationTokenRequired));

    // Rendered once: add and upsert write the key, the creation time and every configured column.
    private static final PreparedQuery<UpstreamOauthProvidersRecord> ADD =
            PreparedQuery.of(insertWithEveryColumn().returning());
    private static final PreparedQuery<UpstreamOauthProvidersRecord> UPSERT = PreparedQuery.of(insertWithEveryColumn()
            .onConflict(UPSTREAM_OAUTH_PROVIDERS.UPSTREAM_OAUTH_PROVIDER_ID)
            .doUpdate()
            .set(replacedOnConflict())
            .returning());

    @Override
    public Mono<UpstreamOAuthProvider> add(Clock clock, RandomSource random, UpstreamOAuthProviderParams params) {
        String refused = refusedField(params);
        if (refused != null) {
            return Text.refused(refused);
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.fetchInserted("db.upstream_oauth_provider.add", ADD.with(values(id, now, params)),
                            UPSTREAM_OAUTH_PROVIDERS.UPSTREAM_OAUTH_PROVIDER_ID, id)
                    .map(JooqUpstreamOAuthProviderRepository::provider);
        });
    }

    @Override
    public Mono<UpstreamOAuthProvider> upsert(Clock clock, Ulid id, UpstreamOAuthProviderParams params) {
        String refused = refusedField(params);
        if (refused != null) {
            return Text.refused(refused);
        }
        return Mono.defer(() -> db.fetchInserted("db.upstream_oauth_provider.upsert",
                        UPSERT.with(values(id, clock.now(), params)), UPSTREAM_OAUTH_PROVIDERS.UPSTREAM_OAUTH_PROVIDER_ID,
                        id)
                .map(JooqUpstreamOAuthProviderRepository::provider));
    }

    private static InsertSetMoreStep<UpstreamOauthProvidersRecord> insertWithEveryColumn() {
        InsertSetMoreStep<UpstreamOauthProvidersRecord> insert = DSL.insertInto(UPSTREAM_OAUTH_PROVIDERS)
                .set(UPSTREAM_OAUTH_PROVIDERS.UPSTREAM_OAUTH_PROVIDER_ID,
                        PreparedQuery.value(UPSTREAM_OAUTH_PROVIDERS.UPSTREAM_OAUTH_PROVIDER_ID))
                .set(UPSTREAM_OAUTH_PROVIDERS.CREATED_AT, PreparedQuery.value(UPSTREAM_OAUTH_PROVIDERS.CREATED_AT));
        for (Configured<?> configured : CONFIGURED) {
            insert = configured.set(insert);
        }
        return insert;
    }

    /** On conflict, every configured column takes the new value, and the provider is enabled again. */
    private static Map<Field<?>, Object> replacedOnConflict() {
        Map<Field<?>, Object> replaced = new LinkedHashMap<>();
        for (Configured<?> configured : CONFIGURED) {
            replaced.put(configured.column(), DSL.excluded(configured.column()));
        }
        replaced.put(UPSTREAM_OAUTH_PROVIDERS.DISABLED_AT, null);
        return replaced;
    }

    /** The values of {@link #insertWithEveryColumn}'s parameters, in their order. */
    private static Object[] values(Ulid id, Instant createdAt, UpstreamOAuthProviderParams params) {
        Object[] values = new Object[2 + CONFIGURED.size()];
        values[0] = uuid(id);
        values[1] = timestamp(createdAt);
        for (int i = 0; i < CONFIGURED.size(); i++) {
            values[2 + i] = CONFIGURED.get(i).value().apply(params);
        }
        return values;
    }

    @Override
    public Mono<Void> delete(UpstreamOAuthProvider provider) {
        return deleteById(provider.id());
    }

    // Rendered once: the three statements of deleteById.
    private static final PreparedQuery<Record> DELETE_SESSIONS = PreparedQuery.of(
            DSL.deleteFrom(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS)
                    .where(PreparedQuery.eqValue(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.UPSTREAM_OAUTH_PROVIDER_ID)));
    private static final PreparedQuery<Record> DELETE_LINKS = PreparedQuery.of(DSL.deleteFrom(UPSTREAM_OAUTH_LINKS)
            .where(PreparedQuery.eqValue(UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_PROVIDER_ID)));
    private static final PreparedQuery<Record> DELETE = PreparedQuery.of(DSL.deleteFrom(UPSTREAM_OAUTH_PROVIDERS)
            .where(PreparedQuery.eqValue(UPSTREAM_OAUTH_PROVIDERS.UPSTREAM_OAUTH_PROVIDER_ID)));

    @Override
    public Mono<Void> deleteById(Ulid id) {
        String operation = "db.upstream_oauth_provider.delete_by_id";
        // Sessions point at links and providers, links at providers: delete in that order.
        return Mono.defer(() -> db.execute(operation, DELETE_SESSIONS.with(uuid(id)))
                .then(db.execute(operation, DELETE_LINKS.with(uuid(id))))
                .then(db.executeExactlyOne(operation, DELETE.with(uuid(id)), TABLE, id)));
    }

    // COALESCE: disabling again succeeds and keeps the time the provider was first disabled.
    private static final PreparedQuery<UpstreamOauthProvidersRecord> DISABLE = PreparedQuery.of(
            DSL.update(UPSTREAM_OAUTH_PROVIDERS)
                    .set(UPSTREAM_OAUTH_PROVIDERS.DISABLED_AT, DSL.coalesce(UPSTREAM_OAUTH_PROVIDERS.DISABLED_AT,
                            PreparedQuery.value(UPSTREAM_OAUTH_PROVIDERS.DISABLED_AT)))
                    .where(PreparedQuery.eqValue(UPSTREAM_OAUTH_PROVIDERS.UPSTREAM_OAUTH_PROVIDER_ID))
                    .returning());

    @Override
    public Mono<UpstreamOAuthProvider> disable(Clock clock, UpstreamOAuthProvider provider) {
        return Mono.defer(() -> db.changeReturning("db.upstream_oauth_provider.disable",
                        DISABLE.with(timestamp(clock.now()), uuid(provider.id())), TABLE, provider.id()))
                .map(JooqUpstreamOAuthProviderRepository::provider);
    }

    @Override
    public Mono<Page<UpstreamOAuthProvider>> list(UpstreamOAuthProviderFilter filter, Pagination pagination) {
        return db.fetchPage("db.upstream_oauth_provider.list", dsl.selectFrom(UPSTREAM_OAUTH_PROVIDERS)
                                .where(condition(filter)),
                        UPSTREAM_OAUTH_PROVIDERS.UPSTREAM_OAUTH_PROVIDER_ID,
                        UpstreamOauthProvidersRecord::getUpstreamOauthProviderId,
                        pagination)
                .map(page -> page.map(JooqUpstreamOAuthProviderRepository::provider));
    }

    @Override
    public Mono<Long> count(UpstreamOAuthProviderFilter filter) {
        return db.count("db.upstream_oauth_provider.count", UPSTREAM_OAUTH_PROVIDERS, condition(filter));
    }

    // Every login page lists the enabled providers: rendered once.
    private static final PreparedQuery<UpstreamOauthProvidersRecord> ALL_ENABLED = PreparedQuery.of(
            DSL.selectFrom(UPSTREAM_OAUTH_PROVIDERS)
                    .where(UPSTREAM_OAUTH_PROVIDERS.DISABLED_AT.isNull())
                    .orderBy(UPSTREAM_OAUTH_PROVIDERS.UI_ORDER.asc(),
                            UPSTREAM_OAUTH_PROVIDERS.UPSTREAM_OAUTH_PROVIDER_ID.asc()));

    @Override
    public Mono<List<UpstreamOAuthProvider>> allEnabled() {
        return Mono.defer(() -> db.fetch("db.upstream_oauth_provider.all_enabled", ALL_ENABLED.with())
                .map(JooqUpstreamOAuthProviderRepository::provider)
                .collectList());
    }

    /** The one place an {@link UpstreamOAuthProviderFilter} becomes SQL: list and count share it. */
    static Condition condition(UpstreamOAuthProviderFilter filter) {
        return filter.enabled()
                .map(enabled -> enabled
                        ? UPSTREAM_OAUTH_PROVIDERS.DISABLED_AT.isNull()
                        : UPSTREAM_OAUTH_PROVIDERS.DISABLED_AT.isNotNull())
                .orElse(DSL.noCondition());
    }

    /** The first text field of {@code params} that holds a NUL character, or null. */
    private static String refusedField(UpstreamOAuthProviderParams params) {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("issuer", params.issuer().orElse(null));
        texts.put("humanName", params.humanName().orElse(null));
        texts.put("brandName", params.brandName().orElse(null));
        texts.put("scope", params.scope());
        texts.put("clientId", params.clientId());
        texts.put("encryptedClientSecret", params.encryptedClientSecret().orElse(null));
        texts.put("tokenEndpointSigningAlg", params.tokenEndpointSigningAlg().orElse(null));
        texts.put("idTokenSignedResponseAlg", params.idTokenSignedResponseAlg());
        texts.put("userinfoSignedResponseAlg", params.userinfoSignedResponseAlg().orElse(null));
        texts.put("jwksUriOverride", params.jwksUriOverride().map(URI::toString).orElse(null));
        texts.put("authorizationEndpointOverride",
                params.authorizationEndpointOverride().map(URI::toString).orElse(null));
        texts.put("tokenEndpointOverride", params.tokenEndpointOverride().map(URI::toString).orElse(null));
        texts.put("userinfoEndpointOverride", params.userinfoEndpointOverride().map(URI::toString).orElse(null));
        for (Map.Entry<String, String> text : texts.entrySet()) {
            if (Text.hasNul(text.getValue())) {
                return text.getKey();
            }
        }
        for (Parameter parameter : params.additionalAuthorizationParameters()) {
            if (Text.hasNul(parameter.name()) || Text.hasNul(parameter.value())) {
                return "additionalAuthorizationParameters";
            }
        }
        return null;
    }

    private static String text(Optional<URI> uri) {
        return uri.map(URI::toString).orElse(null);
    }

    /** As MAS stores them: an array of {@code [name, value]} pairs. */
    static JsonValue parametersJson(List<Parameter> parameters) {
        StringBuilder json = new StringBuilder("[");
        for (Parameter parameter : parameters) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('[').append(JsonValue.quote(parameter.name())).append(',')
                    .append(JsonValue.quote(parameter.value())).append(']');
        }
        return JsonValue.parse(json.append(']').toString());
    }

    private static List<Parameter> parameters(JSONB column, Ulid id) {
        Optional<JsonValue> json = JsonColumns.optionalValue(column, TABLE, "additional_parameters", id);
        if (json.isEmpty()) {
            return List.of();
        }
        if (!(json.get().tree() instanceof List<?> pairs)) {
            throw new InconsistencyException(TABLE, "additional_parameters", id, "is not a JSON array");
        }
        List<Parameter> parameters = new ArrayList<>();
        for (Object pair : pairs) {
            if (pair instanceof List<?> nameAndValue && nameAndValue.size() == 2
                    && nameAndValue.get(0) instanceof String name && nameAndValue.get(1) instanceof String value) {
                parameters.add(new Parameter(name, value));
            } else {
                throw new InconsistencyException(TABLE, "additional_parameters", id,
                        "holds an element that is not a [name, value] pair of strings");
            }
        }
        return parameters;
    }

    private static <T> T known(Optional<T> parsed, String column, Ulid id, String stored) {
        return parsed.orElseThrow(() -> new InconsistencyException(TABLE, column, id, "unknown value '" + stored + "'"));
    }

    private static <T> Optional<T> knownOptional(String stored, Function<String, Optional<T>> parse, String column,
            Ulid id) {
        return stored == null ? Optional.empty() : Optional.of(known(parse.apply(stored), column, id, stored));
    }

    private static Optional<URI> uri(String stored, TableField<?, String> column, Ulid id) {
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI(stored));
        } catch (URISyntaxException e) {
            throw new InconsistencyException(TABLE, column.getName(), id, "not a URI: " + e.getReason());
        }
    }

    static UpstreamOAuthProvider provider(UpstreamOauthProvidersRecord row) {
        Ulid id = ulid(row.getUpstreamOauthProviderId());
        var t = UPSTREAM_OAUTH_PROVIDERS;
        return new UpstreamOAuthProvider(
                id,
                Optional.ofNullable(row.getIssuer()),
                Optional.ofNullable(row.getHumanName()),
                Optional.ofNullable(row.getBrandName()),
                row.getScope(),
                row.getClientId(),
                Optional.ofNullable(row.getEncryptedClientSecret()),
                known(TokenAuthMethod.of(row.getTokenEndpointAuthMethod()), "token_endpoint_auth_method", id,
                        row.getTokenEndpointAuthMethod()),
                Optional.ofNullable(row.getTokenEndpointSigningAlg()),
                row.getIdTokenSignedResponseAlg(),
                row.getFetchUserinfo(),
                Optional.ofNullable(row.getUserinfoSignedResponseAlg()),
                JsonColumns.value(row.getClaimsImports(), TABLE, "claims_imports", id),
                known(DiscoveryMode.of(row.getDiscoveryMode()), "discovery_mode", id, row.getDiscoveryMode()),
                known(PkceMode.of(row.getPkceMode()), "pkce_mode", id, row.getPkceMode()),
                knownOptional(row.getResponseMode(), ResponseMode::of, "response_mode", id),
                uri(row.getJwksUriOverride(), t.JWKS_URI_OVERRIDE, id),
                uri(row.getAuthorizationEndpointOverride(), t.AUTHORIZATION_ENDPOINT_OVERRIDE, id),
                uri(row.getTokenEndpointOverride(), t.TOKEN_ENDPOINT_OVERRIDE, id),
                uri(row.getUserinfoEndpointOverride(), t.USERINFO_ENDPOINT_OVERRIDE, id),
                parameters(row.getAdditionalParameters(), id),
                row.getForwardLoginHint(),
                row.getUiOrder(),
                known(OnBackchannelLogout.of(row.getOnBackchannelLogout()), "on_backchannel_logout", id,
                        row.getOnBackchannelLogout()),
                row.getRegistrationTokenRequired(),
                instant(row.getCreatedAt()),
                optionalInstant(row.getDisabledAt()));
    }
}
