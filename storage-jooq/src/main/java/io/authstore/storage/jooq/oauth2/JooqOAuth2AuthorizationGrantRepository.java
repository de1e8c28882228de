package io.authstore.storage.jooq.oauth2;

import static io.authstore.snapshot.Tables.OAUTH2_AUTHORIZATION_GRANTS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;
import static io.authstore.storage.jooq.PreparedQuery.eqValue;
import static io.authstore.storage.jooq.PreparedQuery.value;

import io.authstore.snapshot.tables.records.Oauth2AuthorizationGrantsRecord;
import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Cleanups;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.oauth2.AuthorizationCode;
import io.authstore.storage.oauth2.AuthorizationGrant;
import io.authstore.storage.oauth2.AuthorizationGrantParams;
import io.authstore.storage.oauth2.OAuth2AuthorizationGrantRepository;
import io.authstore.storage.oauth2.OAuth2Client;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.ResponseMode;
import io.authstore.storage.oauth2.Scope;
import io.authstore.storage.users.BrowserSession;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class JooqOAuth2AuthorizationGrantRepository implements OAuth2AuthorizationGrantRepository {

    static final String TABLE = "oauth2_authorization_grants";

    private final Statements db;
    private final DSLContext dsl;

    public JooqOAuth2AuthorizationGrantRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    // Runs on every authorization request: rendered once, bound per call.
    private static final PreparedQuery<Oauth2AuthorizationGrantsRecord> ADD = PreparedQuery.of(
            PreparedQuery.insertInto(OAUTH2_AUTHORIZATION_GRANTS,
                    OAUTH2_AUTHORIZATION_GRANTS.OAUTH2_AUTHORIZATION_GRANT_ID,
                    OAUTH2_AUTHORIZATION_GRANTS.OAUTH2_CLIENT_ID, OAUTH2_AUTHORIZATION_GRANTS.REDIRECT_URI,
                    OAUTH2_AUTHORIZATION_GRANTS.SCOPE, OAUTH2_AUTHORIZATION_GRANTS.STATE,
                    OAUTH2_AUTHORIZATION_GRANTS.NONCE, OAUTH2_AUTHORIZATION_GRANTS.RESPONSE_MODE,
                    OAUTH2_AUTHORIZATION_GRANTS.CODE_CHALLENGE, OAUTH2_AUTHORIZATION_GRANTS.CODE_CHALLENGE_METHOD,
                    OAUTH2_AUTHORIZATION_GRANTS.RESPONSE_TYPE_CODE, OAUTH2_AUTHORIZATION_GRANTS.RESPONSE_TYPE_ID_TOKEN,
                    OAUTH2_AUTHORIZATION_GRANTS.AUTHORIZATION_CODE, OAUTH2_AUTHORIZATION_GRANTS.LOGIN_HINT,
                    OAUTH2_AUTHORIZATION_GRANTS.LOCALE, OAUTH2_AUTHORIZATION_GRANTS.RAW_PARAMETERS,
                    OAUTH2_AUTHORIZATION_GRANTS.CREATED_AT)
                    .onConflict(OAUTH2_AUTHORIZATION_GRANTS.AUTHORIZATION_CODE)
                    .doNothing()
                    .returning());

    @Override
    public Mono<AuthorizationGrant> add(Clock clock, RandomSource random, OAuth2Client client,
            AuthorizationGrantParams params) {
        String refused = refusedText(params);
        if (refused != null) {
            return Text.refused(refused);
        }
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            Optional<AuthorizationCode.Pkce> pkce = params.code().flatMap(AuthorizationCode::pkce);
            // In the order of ADD's columns (most of them text: the order is not checked by type).
            return db.fetchOptional("db.oauth2_authorization_grant.add", ADD.with(
                            uuid(id),
                            uuid(client.id()),
                            params.redirectUri().toString(),
                            params.scope().toString(),
                            params.state().orElse(null),
                            params.nonce().orElse(null),
                            params.responseMode().value(),
                            pkce.map(AuthorizationCode.Pkce::challenge).orElse(null),
                            pkce.map(AuthorizationCode.Pkce::method).orElse(null),
                            params.code().isPresent(),
                            params.responseTypeIdToken(),
                            params.code().map(AuthorizationCode::code).orElse(null),
                            params.loginHint().orElse(null),
                            params.locale().orElse(null),
                            JSONB.valueOf(FlatJson.write(params.rawParameters())),
                            timestamp(now)))
                    .map(JooqOAuth2AuthorizationGrantRepository::grant)
                    .switchIfEmpty(Mono.error(() -> new ConflictException(TABLE,
                            "oauth2_authorization_grants_authorization_code_unique",
                            "the authorization code is taken")));
        });
    }

    private static String refusedText(AuthorizationGrantParams params) {
        if (Text.hasNul(params.redirectUri().toString())) {
            return "redirectUri";
        }
        if (Text.hasNul(params.code().map(AuthorizationCode::code).orElse(null))) {
            return "code";
        }
        if (Text.hasNul(params.code().flatMap(AuthorizationCode::pkce).map(AuthorizationCode.Pkce::challenge)
                .orElse(null))) {
            return "code challenge";
        }
        if (Text.hasNul(params.state().orElse(null))) {
            return "state";
        }
        if (Text.hasNul(params.nonce().orElse(null))) {
            return "nonce";
        }
        if (Text.hasNul(params.loginHint().orElse(null))) {
            return "loginHint";
        }
        if (Text.hasNul(params.locale().orElse(null))) {
            return "locale";
        }
        for (Map.Entry<String, String> parameter : params.rawParameters().entrySet()) {
            if (Text.hasNul(parameter.getKey()) || Text.hasNul(parameter.getValue())) {
                return "rawParameters";
            }
        }
        return null;
    }

    // lookup runs when the user consents, findByCode on every code exchange: rendered once, bound per call.
    private static final PreparedQuery<Oauth2AuthorizationGrantsRecord> BY_ID =
            PreparedQuery.lookup(OAUTH2_AUTHORIZATION_GRANTS,
                    OAUTH2_AUTHORIZATION_GRANTS.OAUTH2_AUTHORIZATION_GRANT_ID);
    private static final PreparedQuery<Oauth2AuthorizationGrantsRecord> BY_CODE =
            PreparedQuery.lookup(OAUTH2_AUTHORIZATION_GRANTS, OAUTH2_AUTHORIZATION_GRANTS.AUTHORIZATION_CODE);

    @Override
    public Mono<AuthorizationGrant> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.oauth2_authorization_grant.lookup", BY_ID.with(uuid(id))))
                .map(JooqOAuth2AuthorizationGrantRepository::grant);
    }

    @Override
    public Mono<AuthorizationGrant> findByCode(String code) {
        if (Text.hasNul(code)) {
            return Text.refused("code");
        }
        return Mono.defer(() -> db.fetchOptional("db.oauth2_authorization_grant.find_by_code", BY_CODE.with(code)))
                .map(JooqOAuth2AuthorizationGrantRepository::grant);
    }

    private static final PreparedQuery<Record> FULFILL = PreparedQuery.of(DSL.update(OAUTH2_AUTHORIZATION_GRANTS)
            .set(OAUTH2_AUTHORIZATION_GRANTS.FULFILLED_AT, value(OAUTH2_AUTHORIZATION_GRANTS.FULFILLED_AT))
            .set(OAUTH2_AUTHORIZATION_GRANTS.USER_SESSION_ID, value(OAUTH2_AUTHORIZATION_GRANTS.USER_SESSION_ID))
            .where(eqValue(OAUTH2_AUTHORIZATION_GRANTS.OAUTH2_AUTHORIZATION_GRANT_ID))
            .and(OAUTH2_AUTHORIZATION_GRANTS.FULFILLED_AT.isNull()
                    .and(OAUTH2_AUTHORIZATION_GRANTS.CANCELLED_AT.isNull())));

    @Override
    public Mono<AuthorizationGrant> fulfill(Clock clock, BrowserSession browserSession, AuthorizationGrant grant) {
        return db.change("db.oauth2_authorization_grant.fulfill",
                () -> grant.fulfill(clock.now(), browserSession.id()),
                fulfilled -> FULFILL.with(
                        timestamp(((AuthorizationGrant.Stage.Fulfilled) fulfilled.stage()).fulfilledAt()),
                        uuid(browserSession.id()),
                        uuid(grant.id())),
                TABLE, grant.id());
    }

    private static final PreparedQuery<Record> EXCHANGE = PreparedQuery.of(DSL.update(OAUTH2_AUTHORIZATION_GRANTS)
            .set(OAUTH2_AUTHORIZATION_GRANTS.EXCHANGED_AT, value(OAUTH2_AUTHORIZATION_GRANTS.EXCHANGED_AT))
            .set(OAUTH2_AUTHORIZATION_GRANTS.OAUTH2_SESSION_ID, value(OAUTH2_AUTHORIZATION_GRANTS.OAUTH2_SESSION_ID))
            .where(eqValue(OAUTH2_AUTHORIZATION_GRANTS.OAUTH2_AUTHORIZATION_GRANT_ID))
            .and(OAUTH2_AUTHORIZATION_GRANTS.FULFILLED_AT.isNotNull()
                    .and(OAUTH2_AUTHORIZATION_GRANTS.EXCHANGED_AT.isNull())));

    @Override
    public Mono<AuthorizationGrant> exchange(Clock clock, AuthorizationGrant grant, OAuth2Session session) {
        return db.change("db.oauth2_authorization_grant.exchange",
                () -> grant.exchange(clock.now(), session.id()),
                exchanged -> EXCHANGE.with(
                        timestamp(((AuthorizationGrant.Stage.Exchanged) exchanged.stage()).exchangedAt()),
                        uuid(session.id()),
                        uuid(grant.id())),
                TABLE, grant.id());
    }

    @Override
    public Mono<Cleanup> cleanup(Instant since, Instant until, int limit) {
        return Mono.fromRunnable(() -> Cleanups.requirePositive(limit))
                .thenMany(Flux.defer(() -> db.fetch("db.oauth2_authorization_grant.cleanup",
                        OAuth2Cleanups.authorizationGrants(dsl, since, until, limit))))
                .map(row -> ulid(row.value1()).timestamp())
                .collectList()
                .map(Cleanups::batch);
    }

    static AuthorizationGrant grant(Oauth2AuthorizationGrantsRecord row) {
        Ulid id = ulid(row.getOauth2AuthorizationGrantId());
        return new AuthorizationGrant(
                id,
                stage(id, row),
                code(id, row),
                ulid(row.getOauth2ClientId()),
                uri(id, row.getRedirectUri()),
                scope(id, row.getScope()),
                Optional.ofNullable(row.getState()),
                Optional.ofNullable(row.getNonce()),
                responseMode(id, row.getResponseMode()),
                row.getResponseTypeIdToken(),
                instant(row.getCreatedAt()),
                Optional.ofNullable(row.getLoginHint()),
                Optional.ofNullable(row.getLocale()),
                rawParameters(id, row.getRawParameters()));
    }

    private static AuthorizationGrant.Stage stage(Ulid id, Oauth2AuthorizationGrantsRecord row) {
        Instant fulfilled = instant(row.getFulfilledAt());
        Instant exchanged = instant(row.getExchangedAt());
        Instant cancelled = instant(row.getCancelledAt());
        UUID browserSession = row.getUserSessionId();
        UUID session = row.getOauth2SessionId();
        if (fulfilled == null && exchanged == null && cancelled == null && browserSession == null && session == null) {
            return AuthorizationGrant.Stage.PENDING;
        }
        if (fulfilled != null && exchanged == null && cancelled == null && browserSession != null && session == null) {
            return new AuthorizationGrant.Stage.Fulfilled(ulid(browserSession), fulfilled);
        }
        if (fulfilled != null && exchanged == null && cancelled == null && browserSession == null) {
            // Its browser session is gone (ON DELETE SET NULL): it can no longer be exchanged.
            return new AuthorizationGrant.Stage.Cancelled(fulfilled);
        }
        if (fulfilled != null && exchanged != null && cancelled == null && session != null) {
            return new AuthorizationGrant.Stage.Exchanged(ulid(session), fulfilled, exchanged);
        }
        if (fulfilled == null && exchanged == null && cancelled != null && browserSession == null && session == null) {
            return new AuthorizationGrant.Stage.Cancelled(cancelled);
        }
        throw new InconsistencyException(TABLE, "fulfilled_at", id,
                "the stage timestamps and session ids do not describe one stage");
    }

    private static Optional<AuthorizationCode> code(Ulid id, Oauth2AuthorizationGrantsRecord row) {
        String challenge = row.getCodeChallenge();
        String method = row.getCodeChallengeMethod();
        Optional<AuthorizationCode.Pkce> pkce;
        if (challenge == null && method == null) {
            pkce = Optional.empty();
        } else if (challenge != null && ("plain".equals(method) || "S256".equals(method))) {
            pkce = Optional.of(new AuthorizationCode.Pkce(method, challenge));
        } else {
            throw new InconsistencyException(TABLE, "code_challenge_method", id, "not a PKCE challenge");
        }
        String code = row.getAuthorizationCode();
        if (!row.getResponseTypeCode() && code == null && pkce.isEmpty()) {
            return Optional.empty();
        }
        if (row.getResponseTypeCode() && code != null) {
            return Optional.of(new AuthorizationCode(code, pkce));
        }
        throw new InconsistencyException(TABLE, "authorization_code", id, "does not agree with response_type_code");
    }

    private static URI uri(Ulid id, String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new InconsistencyException(TABLE, "redirect_uri", id, "not a URI");
        }
    }

    private static Scope scope(Ulid id, String value) {
        try {
            return Scope.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InconsistencyException(TABLE, "scope", id, "not a scope");
        }
    }

    private static ResponseMode responseMode(Ulid id, String value) {
        try {
            return ResponseMode.of(value);
        } catch (IllegalArgumentException e) {
            throw new InconsistencyException(TABLE, "response_mode", id, "not a response mode");
        }
    }

    private static Map<String, String> rawParameters(Ulid id, JSONB value) {
        if (value == null) {
            return Map.of();
        }
        try {
            return FlatJson.read(value.data());
        } catch (RuntimeException e) {
            throw new InconsistencyException(TABLE, "raw_parameters", id, "not an object of strings");
        }
    }
}
