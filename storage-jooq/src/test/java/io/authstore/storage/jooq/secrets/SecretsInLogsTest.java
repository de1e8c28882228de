package io.authstore.storage.jooq.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.authstore.storage.ConflictException;
import io.authstore.storage.DatabaseException;
import io.authstore.storage.JsonValue;
import io.authstore.storage.Pagination;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
import io.authstore.storage.compat.CompatAccessToken;
import io.authstore.storage.compat.CompatRefreshToken;
import io.authstore.storage.compat.CompatRefreshTokenReplacement;
import io.authstore.storage.compat.CompatSession;
import io.authstore.storage.compat.CompatSessionFilter;
import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.StorageSettings;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.jooq.testing.TraceLog;
import io.authstore.storage.oauth2.AuthorizationCode;
import io.authstore.storage.oauth2.AuthorizationGrantParams;
import io.authstore.storage.oauth2.DeviceCodeGrantParams;
import io.authstore.storage.oauth2.GrantType;
import io.authstore.storage.oauth2.OAuth2Client;
import io.authstore.storage.oauth2.OAuth2ClientMetadata;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.ResponseMode;
import io.authstore.storage.oauth2.Scope;
import io.authstore.storage.personal.PersonalSession;
import io.authstore.storage.personal.PersonalSessionOwner;
import io.authstore.storage.upstream.UpstreamOAuthAuthorizationSession;
import io.authstore.storage.upstream.UpstreamOAuthProvider;
import io.authstore.storage.upstream.UpstreamOAuthProviderFilter;
import io.authstore.storage.upstream.UpstreamOAuthProviderParams;
import io.authstore.storage.upstream.UpstreamOAuthSessionFilter;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserEmail;
import io.authstore.storage.users.UserEmailAuthentication;
import io.authstore.storage.users.UserFilter;
import io.authstore.storage.users.UserRecoverySession;
import io.authstore.storage.users.UserRegistration;
import io.authstore.tools.embedded.EphemeralPostgres;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

/**
 * No secret reaches a log line or an exception message, at any level. logback-test.xml sends every event of every
 * logger of the module's test JVMs, at TRACE, to one file. This class runs after all other test classes, in a
 * surefire execution of its own that adds to that file; it exercises every operation that binds a secret, the ways
 * they fail, and a database password, and then searches the whole file: its own secrets and those of the other tests.
 */
@ExtendWith(StorageExtension.class)
class SecretsInLogsTest {

    /** Secrets other test classes bind (the distinctive ones: "t" or "123456" would match by accident). */
    private static final List<String> SECRETS_OF_OTHER_TESTS = List.of(
            "$argon2id$v=19$secret-hash-value", "registration-token-secret-value", "$argon2id$secret-hash",
            "taken-secret", "ticket-secret", "s3cret-pw", "first_access_token", "second_access_token",
            "mpt_clear-text-value", "mpt_hiss", "mpt_meow", "at-expiring", "rt-imported", "rt-successor-",
            "mat_expiring", "mat_forever", "mat_taken", "mar_taken",
            "encrypted-secret", "grant-code", "second_devicecode", "challenge-code-1",
            "the-id-token", "taken-state", "verifier-state-1", "nonce-state-1", "id-token-state");

    private static final String PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$pw-hash-7Qx9";
    private static final String REGISTRATION_PASSWORD_HASH = "$argon2id$reg-hash-K3vp";
    private static final String REGISTRATION_TOKEN = "regtoken-Zm4q8Tn";
    private static final String RECOVERY_TICKET = "ticket-Hy72LpW";
    private static final String EMAIL_CODE = "code-Wq81XzR";
    private static final String DATABASE_PASSWORD = "db-pass-Vr5tQ";
    private static final String COMPAT_ACCESS_TOKEN = "syt_compat-at-Q8wLx2";
    private static final String COMPAT_REFRESH_TOKEN = "syr_compat-rt-M4kPz7";
    private static final String COMPAT_SUCCESSOR_TOKEN = "syr_compat-rt2-Jd93Ha";
    private static final String SSO_LOGIN_TOKEN = "sso-login-Tq5Vn1";
    private static final String PERSONAL_TOKEN = "mpt_personal-Xr7Gc4";

    private static final String ACCESS_TOKEN = "mat_Jq81vXlPz0";
    private static final String REFRESH_TOKEN = "mar_Bt62kWmQa9";
    private static final String NEXT_REFRESH_TOKEN = "mar_Nx40cRyUe3";
    private static final String CLIENT_SECRET = "enc-client-secret-Hq3m";
    private static final String STATIC_CLIENT_SECRET = "enc-static-secret-Pw7z";
    private static final String AUTHORIZATION_CODE = "authcode-Lk52TqV";
    private static final String DEVICE_CODE = "devcode-Rz19YpN";
    private static final String USER_CODE = "USRCODE-Gh7K";
    private static final String UPSTREAM_CLIENT_SECRET = "enc-client-secret-Pq3z";
    private static final String ID_TOKEN = "eyJ-id-token-Lm92Rw";
    private static final String CODE_VERIFIER = "pkce-verifier-Tb7Yx";
    private static final String NONCE = "oidc-nonce-Ue4Kd";
    private static final String STATE = "oauth-state-Gh6Jn";
    /** A job payload may carry what a job needs to do its work (an address, a token to send): never logged. */
    private static final String QUEUE_PAYLOAD_SECRET = "queue-payload-Pj6sW";

    private static final List<String> OWN_SECRETS = List.of(PASSWORD_HASH, REGISTRATION_PASSWORD_HASH,
            REGISTRATION_TOKEN, RECOVERY_TICKET, EMAIL_CODE, DATABASE_PASSWORD, COMPAT_ACCESS_TOKEN,
            COMPAT_REFRESH_TOKEN, COMPAT_SUCCESSOR_TOKEN, SSO_LOGIN_TOKEN, PERSONAL_TOKEN, ACCESS_TOKEN,
            REFRESH_TOKEN, NEXT_REFRESH_TOKEN, CLIENT_SECRET, STATIC_CLIENT_SECRET, AUTHORIZATION_CODE, DEVICE_CODE,
            USER_CODE, UPSTREAM_CLIENT_SECRET, ID_TOKEN, CODE_VERIFIER, NONCE, STATE, QUEUE_PAYLOAD_SECRET);

    @Test
    void noSecretAppearsInAnyLogLineOrExceptionMessageAtTrace(TestStorage storage) {
        List<Throwable> failures = new ArrayList<>();
        writeAndReadEverySecret(storage);
        failures.add(failureOf(() -> storage.saved(session -> session.userRegistrationToken().add(storage.clock(),
                storage.random(), REGISTRATION_TOKEN, Optional.empty(), Optional.empty()))));
        failures.add(failureOf(() -> storage.saved(session -> addCodeTwice(storage, session))));
        User ghost = new User(Ulid.minAt(Instant.EPOCH), "ghost", Instant.EPOCH, Optional.empty(), Optional.empty(),
                false, false);
        failures.add(failureOf(() -> storage.saved(session -> session.userPassword()
                .add(storage.clock(), storage.random(), ghost, 1, PASSWORD_HASH, Optional.empty()))));
        failures.addAll(useADatabasePassword(storage));
        failures.addAll(compatAndPersonalTokens(storage));
        failures.addAll(writeReadAndReuseEveryOAuth2Secret(storage, ghost));
        failures.addAll(useUpstreamSecrets(storage));

        assertThat(failures).as("every attempt above fails").doesNotContainNull()
                .hasAtLeastOneElementOfType(ConflictException.class)
                .hasAtLeastOneElementOfType(DatabaseException.class);
        for (Throwable failure : failures) {
            String described = describeFully(failure);
            for (String secret : OWN_SECRETS) {
                assertThat(described).as("exception text").doesNotContain(secret);
            }
        }
        String log = TraceLog.searchableText();
        assertThat(log).as("the log is written at TRACE, the driver's DEBUG output included")
                .contains(" TRACE ")
                .contains("io.r2dbc.postgresql.QUERY")
                .contains("insert into \"user_registration_tokens\"");
        for (String secret : concat(OWN_SECRETS, SECRETS_OF_OTHER_TESTS)) {
            assertThat(log.contains(secret)).as("the log of the whole test JVM (" + TraceLog.file()
                    + ") contains the secret '" + secret + "'").isFalse();
        }
    }

    private static void writeAndReadEverySecret(TestStorage storage) {
        storage.saved(session -> session.user().add(storage.clock(), storage.random(), "alice")
                .flatMap(alice -> session.userPassword()
                        .add(storage.clock(), storage.random(), alice, 2, PASSWORD_HASH, Optional.empty())
                        .then(session.userPassword().active(alice))
                        .then(session.userEmail().add(storage.clock(), storage.random(), alice, "a@example.org")))
                .flatMap(email -> addRecoveryTicket(storage, session, email))
                .then(session.userRecovery().findTicket(RECOVERY_TICKET))
                .then(session.userRegistrationToken().add(storage.clock(), storage.random(), REGISTRATION_TOKEN,
                        Optional.empty(), Optional.empty()))
                .then(session.userRegistrationToken().findByToken(REGISTRATION_TOKEN))
                // Every change of a token returns its row, secret included.
                .flatMap(token -> session.userRegistrationToken().useToken(storage.clock(), token))
                .flatMap(token -> session.userRegistrationToken().revoke(storage.clock(), token))
                .flatMap(token -> session.userRegistrationToken().unrevoke(token))
                .flatMap(token -> session.userRegistrationToken().setExpiry(token, Optional.empty()))
                .flatMap(token -> session.userRegistrationToken().setUsageLimit(token, Optional.of(1)))
                .then(session.userRegistration().add(storage.clock(), storage.random(), "bob", Optional.empty(),
                        Optional.empty(), Optional.empty()))
                .flatMap(registration -> session.userRegistration()
                        .setPassword(registration, REGISTRATION_PASSWORD_HASH, 2)));
        JsonValue payload = JsonValue.parse("{\"token\": \"" + QUEUE_PAYLOAD_SECRET + "\"}");
        storage.saved(session -> session.queueWorker().register(storage.clock(), storage.random())
                .flatMap(worker -> session.queueJob().schedule(storage.clock(), storage.random(), "secret-queue",
                                payload, payload)
                        .then(session.queueJob().reserve(storage.clock(), worker, List.of("secret-queue"), 1))
                        .flatMap(jobs -> session.queueJob().markAsFailed(storage.clock(), jobs.getFirst().id(),
                                        "failed")
                                .then(session.queueJob().lookup(jobs.getFirst().id())))));
    }

    /**
     * Compatibility access, refresh and SSO login tokens and a personal access token: written, found, replaced, and
     * each one's duplicate refused; returns the failures.
     */
    private static List<Throwable> compatAndPersonalTokens(TestStorage storage) {
        var clock = storage.clock();
        var random = storage.random();
        User carol = storage.saved(session -> session.user().add(clock, random, "carol-compat"));
        CompatSession compat = storage.saved(session -> session.compatSession()
                .add(clock, random, carol, "CAROLDEVICE", Optional.empty(), false, Optional.empty()));
        CompatAccessToken accessToken = storage.saved(session -> session.compatAccessToken()
                .add(clock, random, compat, COMPAT_ACCESS_TOKEN, Optional.of(Duration.ofMinutes(5))));
        CompatRefreshToken refreshToken = storage.saved(session -> session.compatRefreshToken()
                .add(clock, random, compat, accessToken, COMPAT_REFRESH_TOKEN)
                .then(session.compatAccessToken().findByToken(COMPAT_ACCESS_TOKEN))
                .then(session.compatRefreshToken().findByToken(COMPAT_REFRESH_TOKEN)));
        CompatRefreshTokenReplacement replaced = storage.saved(session -> session.compatRefreshToken()
                .consumeAndReplace(clock, random, refreshToken, accessToken, COMPAT_SUCCESSOR_TOKEN));
        BrowserSession browser = storage.saved(session -> session.browserSession()
                .add(clock, random, carol, Optional.empty()));
        storage.saved(session -> session.compatSsoLogin()
                .add(clock, random, SSO_LOGIN_TOKEN, URI.create("https://client.example.org/cb"))
                .flatMap(login -> session.compatSsoLogin().fulfill(clock, login, browser))
                .flatMap(login -> session.compatSsoLogin().exchange(clock, login, compat))
                .then(session.compatSsoLogin().findByToken(SSO_LOGIN_TOKEN))
                .then(session.compatSession().list(CompatSessionFilter.all(), Pagination.first(10))));
        PersonalSession personal = storage.saved(session -> session.personalSession()
                .add(clock, random, PersonalSessionOwner.user(carol), carol, "bot", Set.of("openid")));
        storage.saved(session -> session.personalAccessToken()
                .add(clock, random, personal, PERSONAL_TOKEN, Optional.empty())
                .then(session.personalAccessToken().findByToken(PERSONAL_TOKEN)));
        assertThat(String.valueOf(accessToken) + replaced + refreshToken).as("toString of the values")
                .doesNotContain(COMPAT_ACCESS_TOKEN).doesNotContain(COMPAT_REFRESH_TOKEN)
                .doesNotContain(COMPAT_SUCCESSOR_TOKEN);

        List<Throwable> failures = new ArrayList<>();
        failures.add(failureOf(() -> storage.saved(session -> session.compatAccessToken()
                .add(clock, random, compat, COMPAT_ACCESS_TOKEN, Optional.empty()))));
        failures.add(failureOf(() -> storage.saved(session -> session.compatRefreshToken()
                .add(clock, random, compat, accessToken, COMPAT_SUCCESSOR_TOKEN))));
        failures.add(failureOf(() -> storage.saved(session -> session.compatRefreshToken()
                .consumeAndReplace(clock, random, refreshToken, accessToken, COMPAT_REFRESH_TOKEN))));
        failures.add(failureOf(() -> storage.saved(session -> session.compatRefreshToken()
                .consumeAndReplace(clock, random, replaced.successor(), accessToken, COMPAT_REFRESH_TOKEN))));
        failures.add(failureOf(() -> storage.saved(session -> session.compatSsoLogin()
                .add(clock, random, SSO_LOGIN_TOKEN, URI.create("https://client.example.org/cb")))));
        failures.add(failureOf(() -> storage.saved(session -> session.personalAccessToken()
                .add(clock, random, personal, PERSONAL_TOKEN, Optional.empty()))));
        failures.add(failureOf(() -> storage.saved(session -> session.compatAccessToken()
                .findByToken(COMPAT_ACCESS_TOKEN + "\0"))));
        return failures;
    }

    /**
     * Client secrets, authorization, device and user codes, access and refresh tokens: written, read back by value,
     * changed, and each taken value written again (a conflict), plus a token for a session that does not exist (a
     * database error). Returns the failures.
     */
    private static List<Throwable> writeReadAndReuseEveryOAuth2Secret(TestStorage storage, User ghost) {
        var clock = storage.clock();
        var random = storage.random();
        OAuth2Client client = storage.saved(session -> session.oauth2Client().add(clock, random,
                OAuth2ClientMetadata.builder().encryptedClientSecret(CLIENT_SECRET)
                        .redirectUris("https://app.example.com/cb").grantTypes(GrantType.AUTHORIZATION_CODE).build()));
        OAuth2Client statik = storage.saved(session -> session.oauth2Client().upsertStatic(
                Ulid.generate(clock, random), Optional.empty(), Optional.empty(), "client_secret_basic",
                Optional.of(STATIC_CLIENT_SECRET), Optional.empty(), List.of()));
        assertThat(client + " " + statik).doesNotContain(CLIENT_SECRET).doesNotContain(STATIC_CLIENT_SECRET);
        User carol = storage.saved(session -> session.user().add(clock, random, "carol-oauth2"));
        BrowserSession browser = storage.saved(session -> session.browserSession().add(clock, random, carol,
                Optional.empty()));
        AuthorizationGrantParams grantParams = new AuthorizationGrantParams(URI.create("https://app.example.com/cb"),
                Scope.of("openid"), Optional.of(new AuthorizationCode(AUTHORIZATION_CODE, Optional.empty())),
                Optional.empty(), Optional.empty(), ResponseMode.QUERY, false, Optional.empty(), Optional.empty(),
                Map.of());
        DeviceCodeGrantParams deviceParams = new DeviceCodeGrantParams(client, Scope.of("openid"), DEVICE_CODE,
                USER_CODE, Duration.ofMinutes(5), Optional.empty(), Optional.empty());
        List<Object> values = new ArrayList<>();
        OAuth2Session oauth2 = storage.saved(session -> session.oauth2AuthorizationGrant()
                .add(clock, random, client, grantParams)
                .then(session.oauth2AuthorizationGrant().findByCode(AUTHORIZATION_CODE))
                .doOnNext(values::add)
                .flatMap(grant -> session.oauth2AuthorizationGrant().fulfill(clock, browser, grant))
                .then(session.oauth2DeviceCodeGrant().add(clock, random, deviceParams))
                .then(session.oauth2DeviceCodeGrant().findByDeviceCode(DEVICE_CODE))
                .then(session.oauth2DeviceCodeGrant().findByUserCode(USER_CODE))
                .doOnNext(values::add)
                .then(session.oauth2Session().addFromBrowserSession(clock, random, client, browser,
                        Scope.of("openid"))));
        storage.saved(session -> session.oauth2AccessToken().add(clock, random, oauth2, ACCESS_TOKEN, Optional.empty())
                .then(session.oauth2AccessToken().findByToken(ACCESS_TOKEN))
                .doOnNext(values::add)
                .flatMap(token -> session.oauth2AccessToken().markUsed(clock, token)
                        .then(session.oauth2RefreshToken().add(clock, random, oauth2, token, REFRESH_TOKEN))
                        .then(session.oauth2RefreshToken().add(clock, random, oauth2, token, NEXT_REFRESH_TOKEN))
                        .flatMap(next -> session.oauth2RefreshToken().findByToken(REFRESH_TOKEN)
                                .doOnNext(values::add)
                                .flatMap(old -> session.oauth2RefreshToken().consume(clock, old, next)))
                        .then(session.oauth2AccessToken().revoke(clock, token))));
        assertThat(values).hasSize(4);
        for (Object value : values) {
            for (String secret : OWN_SECRETS) {
                assertThat(value.toString()).as("toString of " + value.getClass().getSimpleName())
                        .doesNotContain(secret);
            }
        }
        List<Throwable> failures = new ArrayList<>();
        failures.add(failureOf(() -> storage.saved(session -> session.oauth2AccessToken()
                .add(clock, random, oauth2, ACCESS_TOKEN, Optional.empty()))));
        failures.add(failureOf(() -> storage.saved(session -> session.oauth2AccessToken().findByToken(ACCESS_TOKEN)
                .flatMap(token -> session.oauth2RefreshToken().add(clock, random, oauth2, token, REFRESH_TOKEN)))));
        failures.add(failureOf(() -> storage.saved(session -> session.oauth2AuthorizationGrant()
                .add(clock, random, client, grantParams))));
        failures.add(failureOf(() -> storage.saved(session -> session.oauth2DeviceCodeGrant()
                .add(clock, random, deviceParams))));
        OAuth2Session nowhere = new OAuth2Session(Ulid.minAt(Instant.EPOCH), SessionState.ACTIVE, Instant.EPOCH,
                Optional.of(ghost.id()), Optional.empty(), client.id(), Scope.of("openid"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        failures.add(failureOf(() -> storage.saved(session -> session.oauth2AccessToken()
                .add(clock, random, nowhere, ACCESS_TOKEN + "-2", Optional.empty()))));
        failures.add(failureOf(() -> storage.read(session -> session.oauth2AccessToken()
                .findByToken(ACCESS_TOKEN + "\0"))));
        assertThat(failures).hasAtLeastOneElementOfType(ConflictException.class)
                .hasAtLeastOneElementOfType(DatabaseException.class);
        return failures;
    }

    private static Mono<?> addRecoveryTicket(TestStorage storage, RepositorySession session, UserEmail email) {
        return session.userRecovery()
                .addSession(storage.clock(), storage.random(), email.email(), "agent", Optional.empty(), "en")
                .flatMap((UserRecoverySession recovery) -> session.userRecovery()
                        .addTicket(storage.clock(), storage.random(), recovery, email, RECOVERY_TICKET));
    }

    private static Mono<?> addCodeTwice(TestStorage storage, RepositorySession session) {
        return session.userRegistration()
                .add(storage.clock(), storage.random(), "carol", Optional.empty(), Optional.empty(), Optional.empty())
                .flatMap((UserRegistration registration) -> session.userEmail().addAuthenticationForRegistration(
                        storage.clock(), storage.random(), "c@example.org", registration))
                .flatMap((UserEmailAuthentication authentication) -> session.userEmail()
                        .addAuthenticationCode(storage.clock(), storage.random(), Duration.ofMinutes(5),
                                authentication, EMAIL_CODE)
                        .then(session.userEmail().findAuthenticationCode(authentication, EMAIL_CODE))
                        .then(session.userEmail().addAuthenticationCode(storage.clock(), storage.random(),
                                Duration.ofMinutes(5), authentication, EMAIL_CODE)));
    }

    /**
     * The upstream secrets: a provider's encrypted client secret (add, upsert, every read), an authorization
     * session's state, PKCE verifier and nonce (add, lookup, list) and the provider's ID token (completeWithLink); then
     * a taken state, and each of them with a NUL character, which are refused.
     */
    private static List<Throwable> useUpstreamSecrets(TestStorage storage) {
        UpstreamOAuthProviderParams params = UpstreamOAuthProviderParams
                .builder("client", "openid", UpstreamOAuthProvider.TokenAuthMethod.CLIENT_SECRET_POST)
                .encryptedClientSecret(UPSTREAM_CLIENT_SECRET)
                .build();
        UpstreamOAuthProvider provider = storage.saved(session -> session.upstreamOAuthProvider()
                .add(storage.clock(), storage.random(), params)
                .flatMap(added -> session.upstreamOAuthProvider()
                        .upsert(storage.clock(), added.id(), params)));
        UpstreamOAuthAuthorizationSession completed = storage.saved(session -> session.upstreamOAuthLink()
                .add(storage.clock(), storage.random(), provider, "subject", Optional.empty())
                .flatMap(link -> session.upstreamOAuthSession()
                        .add(storage.clock(), storage.random(), provider, STATE, Optional.of(CODE_VERIFIER),
                                Optional.of(NONCE))
                        .flatMap(pending -> session.upstreamOAuthSession().completeWithLink(storage.clock(), pending,
                                link, Optional.of(ID_TOKEN), Optional.empty(), Optional.empty(), Optional.empty()))));
        storage.read(session -> session.upstreamOAuthProvider().lookup(provider.id())
                .then(session.upstreamOAuthProvider().allEnabled())
                .then(session.upstreamOAuthProvider().list(UpstreamOAuthProviderFilter.all(), Pagination.first(5)))
                .then(session.upstreamOAuthSession().lookup(completed.id()))
                .then(session.upstreamOAuthSession().list(UpstreamOAuthSessionFilter.all(), Pagination.first(5))));
        List<Throwable> failures = new ArrayList<>();
        failures.add(new IllegalStateException("described: " + provider + " " + completed + " " + params));
        failures.add(failureOf(() -> storage.saved(session -> session.upstreamOAuthSession()
                .add(storage.clock(), storage.random(), provider, STATE, Optional.empty(), Optional.empty()))));
        failures.add(failureOf(() -> storage.saved(session -> session.upstreamOAuthSession().add(storage.clock(),
                storage.random(), provider, STATE + "\0", Optional.of(CODE_VERIFIER + "\0"), Optional.empty()))));
        failures.add(failureOf(() -> storage.saved(session -> session.upstreamOAuthSession().add(storage.clock(),
                storage.random(), provider, "other", Optional.of(CODE_VERIFIER + "\0"), Optional.of(NONCE)))));
        failures.add(failureOf(() -> storage.saved(session -> session.upstreamOAuthSession().add(storage.clock(),
                storage.random(), provider, "other", Optional.empty(), Optional.of(NONCE + "\0")))));
        failures.add(failureOf(() -> storage.saved(session -> session.upstreamOAuthProvider().add(storage.clock(),
                storage.random(), params.toBuilder().encryptedClientSecret(UPSTREAM_CLIENT_SECRET + "\0").build()))));
        return failures;
    }

    /** A URL with a password: it works (the embedded server trusts loopback), and failing to connect names no password. */
    private static List<Throwable> useADatabasePassword(TestStorage storage) {
        EphemeralPostgres server = EphemeralPostgres.shared();
        String url = "postgresql://" + EphemeralPostgres.SUPERUSER + ":" + DATABASE_PASSWORD + "@localhost:"
                + server.port() + "/" + storage.database() + "?sslmode=disable";
        StorageSettings settings = StorageSettings.fromUrl(url);
        assertThat(settings.toString()).doesNotContain(DATABASE_PASSWORD);
        try (JooqRepositoryFactory factory = JooqRepositoryFactory.create(settings)) {
            assertThat(factory.transaction(session -> session.user().count(UserFilter.all())).block(TestStorage.TIMEOUT))
                    .isPositive();
        }
        List<Throwable> failures = new ArrayList<>();
        try (JooqRepositoryFactory unreachable = JooqRepositoryFactory.create(settings.toBuilder().port(1)
                .connectTimeout(Duration.ofSeconds(1)).build())) {
            failures.add(failureOf(() -> unreachable.open().block(TestStorage.TIMEOUT)));
        }
        failures.add(failureOf(() -> StorageSettings.fromUrl(url.replace("sslmode=disable", "sslmode=bogus"))));
        failures.add(failureOf(() -> StorageSettings.fromUrl(url + "&sslrootcert=/x")));
        return failures;
    }

    private static Throwable failureOf(Runnable attempt) {
        return catchThrowable(attempt::run);
    }

    /** Messages, toString and stack-trace-free text of the whole cause chain and the suppressed exceptions. */
    private static String describeFully(Throwable failure) {
        StringBuilder text = new StringBuilder();
        List<Throwable> seen = new ArrayList<>();
        describe(failure, text, seen);
        return text.toString();
    }

    private static void describe(Throwable failure, StringBuilder text, List<Throwable> seen) {
        if (failure == null || seen.contains(failure)) {
            return;
        }
        seen.add(failure);
        text.append(failure).append('\n').append(failure.getLocalizedMessage()).append('\n');
        for (Throwable suppressed : failure.getSuppressed()) {
            describe(suppressed, text, seen);
        }
        describe(failure.getCause(), text, seen);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
