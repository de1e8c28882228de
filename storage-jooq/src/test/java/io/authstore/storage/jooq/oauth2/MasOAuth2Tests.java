package io.authstore.storage.jooq.oauth2;

import static io.authstore.storage.jooq.testing.TestStorage.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.oauth2.AccessToken;
import io.authstore.storage.oauth2.AuthorizationCode;
import io.authstore.storage.oauth2.AuthorizationGrant;
import io.authstore.storage.oauth2.AuthorizationGrantParams;
import io.authstore.storage.oauth2.DeviceCodeGrant;
import io.authstore.storage.oauth2.DeviceCodeGrantParams;
import io.authstore.storage.oauth2.GrantType;
import io.authstore.storage.oauth2.OAuth2Client;
import io.authstore.storage.oauth2.OAuth2ClientFilter;
import io.authstore.storage.oauth2.OAuth2ClientMetadata;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.OAuth2SessionFilter;
import io.authstore.storage.oauth2.RefreshToken;
import io.authstore.storage.oauth2.ResponseMode;
import io.authstore.storage.oauth2.Scope;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MAS's tests of the OAuth 2.0 repositories (crates/storage-pg/src/oauth2/mod.rs), each in one unit of work as MAS
 * runs them, with the same sequence of operations and assertions.
 */
@ExtendWith(StorageExtension.class)
class MasOAuth2Tests {

    private static final Ulid NIL = Ulid.fromUuid(new java.util.UUID(0, 0));

    private RepositorySession repo;

    private RepositorySession open(TestStorage storage) {
        repo = storage.open();
        return repo;
    }

    @AfterEach
    void cancel() {
        if (repo != null) {
            repo.cancel().block(TestStorage.TIMEOUT);
        }
    }

    /** MAS's usual test client, for {@code label}.example.com. */
    static OAuth2ClientMetadata exampleClient(String host, String name) {
        String base = "https://" + host + "/";
        return OAuth2ClientMetadata.builder()
                .redirectUris(base + "redirect")
                .grantTypes(GrantType.AUTHORIZATION_CODE)
                .clientName(name)
                .logoUri(base + "logo.png")
                .clientUri(base)
                .policyUri(base + "policy")
                .tosUri(base + "tos")
                .jwksUri(base + "jwks.json")
                .initiateLoginUri(base + "login")
                .build();
    }

    // MAS: test_repositories
    @Test
    void testRepositories(TestStorage storage) {
        RepositorySession repo = open(storage);
        var clock = storage.clock();
        var rng = storage.random();

        assertThat(await(repo.oauth2Client().lookup(NIL))).isNull();
        assertThat(await(repo.oauth2Client().findByClientId("some-client-id"))).isNull();

        OAuth2Client client = await(repo.oauth2Client().add(clock, rng,
                exampleClient("example.com", "Test client")));
        assertThat(await(repo.oauth2Client().lookup(client.id()))).as("the client exists").isEqualTo(client);
        assertThat(await(repo.oauth2Client().findByClientId(client.clientId()))).as("the client exists")
                .isEqualTo(client);

        assertThat(await(repo.oauth2AuthorizationGrant().lookup(NIL))).isNull();
        assertThat(await(repo.oauth2AuthorizationGrant().findByCode("code"))).isNull();

        Map<String, String> rawParameters = Map.of("client_id", "client", "foo", "bar");
        AuthorizationGrant grant = await(repo.oauth2AuthorizationGrant().add(clock, rng, client,
                new AuthorizationGrantParams(URI.create("https://example.com/redirect"), Scope.of(Scope.OPENID),
                        Optional.of(new AuthorizationCode("code", Optional.empty())), Optional.of("state"),
                        Optional.of("nonce"), ResponseMode.QUERY, true, Optional.empty(), Optional.empty(),
                        rawParameters)));
        assertThat(grant.isPending()).isTrue();
        assertThat(grant.rawParameters()).isEqualTo(rawParameters);
        assertThat(await(repo.oauth2AuthorizationGrant().lookup(grant.id()))).as("the grant exists").isEqualTo(grant);
        assertThat(await(repo.oauth2AuthorizationGrant().findByCode("code"))).as("the grant exists").isEqualTo(grant);

        User user = await(repo.user().add(clock, rng, "john"));
        BrowserSession userSession = await(repo.browserSession().add(clock, rng, user, Optional.empty()));

        grant = await(repo.oauth2AuthorizationGrant().fulfill(clock, userSession, grant));
        assertThat(grant.isFulfilled()).isTrue();

        assertThat(await(repo.oauth2Session().lookup(NIL))).isNull();

        OAuth2Session session = await(repo.oauth2Session().addFromBrowserSession(clock, rng, client, userSession,
                grant.scope()));

        grant = await(repo.oauth2AuthorizationGrant().exchange(clock, grant, session));
        assertThat(grant.isExchanged()).isTrue();

        assertThat(await(repo.oauth2Session().lookup(session.id()))).as("the session exists").isEqualTo(session);

        assertThat(await(repo.oauth2AccessToken().lookup(NIL))).isNull();
        assertThat(await(repo.oauth2AccessToken().findByToken("aabbcc"))).isNull();

        AccessToken accessToken = await(repo.oauth2AccessToken().add(clock, rng, session, "aabbcc",
                Optional.of(Duration.ofMinutes(5))));
        assertThat(await(repo.oauth2AccessToken().lookup(accessToken.id()))).as("the token exists")
                .isEqualTo(accessToken);
        assertThat(await(repo.oauth2AccessToken().findByToken("aabbcc"))).as("the token exists")
                .isEqualTo(accessToken);

        assertThat(await(repo.oauth2RefreshToken().lookup(NIL))).isNull();
        assertThat(await(repo.oauth2RefreshToken().findByToken("aabbcc"))).isNull();

        RefreshToken refreshToken = await(repo.oauth2RefreshToken().add(clock, rng, session, accessToken, "aabbcc"));
        assertThat(await(repo.oauth2RefreshToken().lookup(refreshToken.id()))).as("the refresh token exists")
                .isEqualTo(refreshToken);
        assertThat(await(repo.oauth2RefreshToken().findByToken("aabbcc"))).as("the refresh token exists")
                .isEqualTo(refreshToken);

        assertThat(accessToken.isValid(clock.now())).isTrue();
        clock.advance(Duration.ofMinutes(6));
        assertThat(accessToken.isValid(clock.now())).isFalse();
        clock.advance(Duration.ofMinutes(-6));
        assertThat(accessToken.isValid(clock.now())).isTrue();

        RefreshToken newRefreshToken = await(repo.oauth2RefreshToken().add(clock, rng, session, accessToken,
                "ddeeff"));

        accessToken = await(repo.oauth2AccessToken().revoke(clock, accessToken));
        assertThat(accessToken.isValid(clock.now())).isFalse();

        assertThat(refreshToken.isValid()).isTrue();
        refreshToken = await(repo.oauth2RefreshToken().consume(clock, refreshToken, newRefreshToken));
        assertThat(refreshToken.isValid()).isFalse();

        assertThat(session.userAgent()).isEmpty();
        session = await(repo.oauth2Session().recordUserAgent(session, "Mozilla/5.0"));
        assertThat(session.userAgent()).contains("Mozilla/5.0");

        session = await(repo.oauth2Session().lookup(session.id()));
        assertThat(session).as("the session exists").isNotNull();
        assertThat(session.userAgent()).contains("Mozilla/5.0");

        assertThat(session.isActive()).isTrue();
        session = await(repo.oauth2Session().finish(clock, session));
        assertThat(session.isActive()).isFalse();
    }

    // MAS: test_list_sessions
    @Test
    void testListSessions(TestStorage storage) {
        RepositorySession repo = open(storage);
        var clock = storage.clock();
        var rng = storage.random();

        User user1 = await(repo.user().add(clock, rng, "alice"));
        BrowserSession user1Session = await(repo.browserSession().add(clock, rng, user1, Optional.empty()));
        User user2 = await(repo.user().add(clock, rng, "bob"));
        BrowserSession user2Session = await(repo.browserSession().add(clock, rng, user2, Optional.empty()));

        OAuth2Client client1 = await(repo.oauth2Client().add(clock, rng,
                exampleClient("first.example.com", "First client")));
        OAuth2Client client2 = await(repo.oauth2Client().add(clock, rng,
                exampleClient("second.example.com", "Second client")));

        Scope scope = Scope.of(Scope.OPENID, Scope.EMAIL);
        Scope scope2 = Scope.of(Scope.OPENID, Scope.PROFILE);

        OAuth2Session session11 = await(repo.oauth2Session().addFromBrowserSession(clock, rng, client1,
                user1Session, scope));
        clock.advance(Duration.ofMinutes(1));
        OAuth2Session session12 = await(repo.oauth2Session().addFromBrowserSession(clock, rng, client1,
                user2Session, scope));
        clock.advance(Duration.ofMinutes(1));
        OAuth2Session session21 = await(repo.oauth2Session().addFromBrowserSession(clock, rng, client2,
                user1Session, scope2));
        clock.advance(Duration.ofMinutes(1));
        OAuth2Session session22 = await(repo.oauth2Session().addFromBrowserSession(clock, rng, client2,
                user2Session, scope2));
        clock.advance(Duration.ofMinutes(1));

        session11 = await(repo.oauth2Session().finish(clock, session11));
        session22 = await(repo.oauth2Session().finish(clock, session22));

        Pagination pagination = Pagination.first(10);

        assertList(repo, OAuth2SessionFilter.all().anyUser(), pagination,
                session11, session12, session21, session22);
        assertList(repo, OAuth2SessionFilter.all().user(user1), pagination, session11, session21);
        assertList(repo, OAuth2SessionFilter.all().client(client1), pagination, session11, session12);
        assertList(repo, OAuth2SessionFilter.all().user(user2).client(client2), pagination, session22);
        assertList(repo, OAuth2SessionFilter.all().active(), pagination, session12, session21);
        assertList(repo, OAuth2SessionFilter.all().finished(), pagination, session11, session22);
        assertList(repo, OAuth2SessionFilter.all().finished().user(user2), pagination, session22);
        assertList(repo, OAuth2SessionFilter.all().finished().client(client2), pagination, session22);
        assertList(repo, OAuth2SessionFilter.all().active().user(user2), pagination, session12);
        assertList(repo, OAuth2SessionFilter.all().active().client(client2), pagination, session21);

        Scope openid = Scope.of(Scope.OPENID);
        assertList(repo, OAuth2SessionFilter.all().scope(openid), pagination,
                session11, session12, session21, session22);
        Scope openidEmail = Scope.of(Scope.OPENID, Scope.EMAIL);
        assertList(repo, OAuth2SessionFilter.all().scope(openidEmail), pagination, session11, session12);
        // MAS does not check has_next_page here
        assertList(repo, OAuth2SessionFilter.all().scope(openidEmail).user(user1), pagination, session11);

        long affected = await(repo.oauth2Session().finishBulk(clock, OAuth2SessionFilter.all().client(client1)
                .active()));
        assertThat(affected).isEqualTo(1);
        assertThat(await(repo.oauth2Session().count(OAuth2SessionFilter.all().finished()))).isEqualTo(3);
        assertThat(await(repo.oauth2Session().count(OAuth2SessionFilter.all().active()))).isEqualTo(1);
    }

    private static void assertList(RepositorySession repo, OAuth2SessionFilter filter, Pagination pagination,
            OAuth2Session... expected) {
        Page<OAuth2Session> list = await(repo.oauth2Session().list(filter, pagination));
        assertThat(list.hasNextPage()).as(filter.toString()).isFalse();
        assertThat(list.edges()).as(filter.toString()).hasSize(expected.length);
        assertThat(list.items()).as(filter.toString()).containsExactly(expected);
        assertThat(await(repo.oauth2Session().count(filter))).as(filter.toString()).isEqualTo(expected.length);
    }

    // MAS: test_list_sessions_by_created_at
    @Test
    void testListSessionsByCreatedAt(TestStorage storage) {
        RepositorySession repo = open(storage);
        var clock = storage.clock();
        var rng = storage.random();

        User user = await(repo.user().add(clock, rng, "alice"));
        BrowserSession userSession = await(repo.browserSession().add(clock, rng, user, Optional.empty()));
        OAuth2Client client = await(repo.oauth2Client().add(clock, rng, exampleClient("example.com", "Test client")));
        Scope scope = Scope.of(Scope.OPENID);

        OAuth2Session session1 = await(repo.oauth2Session().addFromBrowserSession(clock, rng, client, userSession,
                scope));
        clock.advance(Duration.ofMinutes(1));
        OAuth2Session session2 = await(repo.oauth2Session().addFromBrowserSession(clock, rng, client, userSession,
                scope));
        clock.advance(Duration.ofMinutes(1));
        Instant cutoff = clock.now();
        clock.advance(Duration.ofMinutes(1));
        OAuth2Session session3 = await(repo.oauth2Session().addFromBrowserSession(clock, rng, client, userSession,
                scope));

        Pagination pagination = Pagination.first(10);
        OAuth2SessionFilter before = OAuth2SessionFilter.all().createdBefore(cutoff);
        Page<OAuth2Session> list = await(repo.oauth2Session().list(before, pagination));
        assertThat(list.items()).containsExactly(session1, session2);
        assertThat(await(repo.oauth2Session().count(before))).isEqualTo(2);

        OAuth2SessionFilter after = OAuth2SessionFilter.all().createdAfter(cutoff);
        list = await(repo.oauth2Session().list(after, pagination));
        assertThat(list.items()).containsExactly(session3);
        assertThat(await(repo.oauth2Session().count(after))).isEqualTo(1);
    }

    // MAS: test_list_sessions_for_clients
    @Test
    void testListSessionsForClients(TestStorage storage) {
        RepositorySession repo = open(storage);
        var clock = storage.clock();
        var rng = storage.random();

        User user = await(repo.user().add(clock, rng, "alice"));
        BrowserSession userSession = await(repo.browserSession().add(clock, rng, user, Optional.empty()));
        List<OAuth2Client> clients = new ArrayList<>();
        for (String label : List.of("first", "second", "third")) {
            clients.add(await(repo.oauth2Client().add(clock, rng,
                    exampleClient(label + ".example.com", label + " client"))));
        }
        OAuth2Client client1 = clients.get(0);
        OAuth2Client client2 = clients.get(1);
        OAuth2Client client3 = clients.get(2);
        Scope scope = Scope.of(Scope.OPENID);

        OAuth2Session session1 = await(repo.oauth2Session().addFromBrowserSession(clock, rng, client1, userSession,
                scope));
        clock.advance(Duration.ofMinutes(1));
        OAuth2Session session2 = await(repo.oauth2Session().addFromBrowserSession(clock, rng, client2, userSession,
                scope));
        clock.advance(Duration.ofMinutes(1));
        await(repo.oauth2Session().addFromBrowserSession(clock, rng, client3, userSession, scope));

        Pagination pagination = Pagination.first(10);
        assertList(repo, OAuth2SessionFilter.all().clients(List.of(client1, client2)), pagination,
                session1, session2);

        OAuth2SessionFilter one = OAuth2SessionFilter.all().clients(List.of(client2));
        assertThat(await(repo.oauth2Session().list(one, pagination)).items()).containsExactly(session2);
        assertThat(await(repo.oauth2Session().count(one))).isEqualTo(1);

        OAuth2SessionFilter none = OAuth2SessionFilter.all().clients(List.of());
        assertThat(await(repo.oauth2Session().list(none, pagination)).edges()).isEmpty();
        assertThat(await(repo.oauth2Session().count(none))).isZero();
    }

    // MAS: test_device_code_grant_repository
    @Test
    void testDeviceCodeGrantRepository(TestStorage storage) {
        RepositorySession repo = open(storage);
        var clock = storage.clock();
        var rng = storage.random();

        OAuth2Client client = await(repo.oauth2Client().add(clock, rng, exampleClient("example.com", "Example")));
        User user = await(repo.user().add(clock, rng, "john"));
        BrowserSession browserSession = await(repo.browserSession().add(clock, rng, user, Optional.empty()));

        String userCode = "usercode";
        String deviceCode = "devicecode";
        Scope scope = Scope.of(Scope.OPENID, Scope.EMAIL);

        DeviceCodeGrant grant = await(repo.oauth2DeviceCodeGrant().add(clock, rng, new DeviceCodeGrantParams(
                client, scope, deviceCode, userCode, Duration.ofMinutes(5), Optional.empty(), Optional.empty())));
        assertThat(grant.isPending()).isTrue();

        Ulid id = grant.id();
        assertThat(await(repo.oauth2DeviceCodeGrant().lookup(id))).isEqualTo(grant);
        assertThat(await(repo.oauth2DeviceCodeGrant().findByDeviceCode(deviceCode))).isEqualTo(grant);
        assertThat(await(repo.oauth2DeviceCodeGrant().findByUserCode(userCode))).isEqualTo(grant);

        grant = await(repo.oauth2DeviceCodeGrant().fulfill(clock, grant, browserSession, Optional.of("en")));
        assertThat(grant.isPending()).isFalse();
        assertThat(grant.isFulfilled()).isTrue();
        assertThat(grant.locale()).contains("en");

        DeviceCodeGrant fulfilled = grant;
        assertThatThrownBy(() -> await(repo.oauth2DeviceCodeGrant().reject(clock, fulfilled, browserSession)))
                .isInstanceOf(InvalidTransitionException.class);

        grant = await(repo.oauth2DeviceCodeGrant().lookup(id));
        assertThat(grant.locale()).contains("en");

        DeviceCodeGrant again = grant;
        assertThatThrownBy(() -> await(repo.oauth2DeviceCodeGrant().fulfill(clock, again, browserSession,
                Optional.empty()))).isInstanceOf(InvalidTransitionException.class);

        grant = await(repo.oauth2DeviceCodeGrant().lookup(id));

        OAuth2Session session = await(repo.oauth2Session().addFromBrowserSession(clock, rng, client, browserSession,
                scope));

        grant = await(repo.oauth2DeviceCodeGrant().exchange(clock, grant, session));
        assertThat(grant.isPending()).isFalse();
        assertThat(grant.isFulfilled()).isFalse();
        assertThat(grant.isExchanged()).isTrue();

        DeviceCodeGrant exchanged = grant;
        assertThatThrownBy(() -> await(repo.oauth2DeviceCodeGrant().exchange(clock, exchanged, session)))
                .isInstanceOf(InvalidTransitionException.class);

        grant = await(repo.oauth2DeviceCodeGrant().add(clock, rng, new DeviceCodeGrantParams(client, scope,
                "second_devicecode", "second_usercode", Duration.ofMinutes(5), Optional.empty(), Optional.empty())));
        Ulid secondId = grant.id();

        grant = await(repo.oauth2DeviceCodeGrant().reject(clock, grant, browserSession));
        assertThat(grant.isPending()).isFalse();
        assertThat(grant.isRejected()).isTrue();

        DeviceCodeGrant rejected = grant;
        assertThatThrownBy(() -> await(repo.oauth2DeviceCodeGrant().reject(clock, rejected, browserSession)))
                .isInstanceOf(InvalidTransitionException.class);

        DeviceCodeGrant reread = await(repo.oauth2DeviceCodeGrant().lookup(secondId));
        assertThatThrownBy(() -> await(repo.oauth2DeviceCodeGrant().fulfill(clock, reread, browserSession,
                Optional.empty()))).isInstanceOf(InvalidTransitionException.class);

        DeviceCodeGrant rereadAgain = await(repo.oauth2DeviceCodeGrant().lookup(secondId));
        assertThatThrownBy(() -> await(repo.oauth2DeviceCodeGrant().exchange(clock, rereadAgain, session)))
                .isInstanceOf(InvalidTransitionException.class);
    }

    // MAS: test_list_clients
    @Test
    void testListClients(TestStorage storage) {
        RepositorySession repo = open(storage);
        var clock = storage.clock();
        var rng = storage.random();

        OAuth2ClientFilter filter = OAuth2ClientFilter.all();
        assertThat(await(repo.oauth2Client().count(filter))).isZero();
        Page<OAuth2Client> page = await(repo.oauth2Client().list(filter, Pagination.first(10)));
        assertThat(page.edges()).isEmpty();
        assertThat(page.hasNextPage()).isFalse();

        OAuth2Client client1 = await(repo.oauth2Client().add(clock, rng, OAuth2ClientMetadata.builder()
                .redirectUris("https://first.example.com/redirect")
                .grantTypes(GrantType.AUTHORIZATION_CODE)
                .clientName("First client")
                .clientUri("https://first.example.com/")
                .build()));
        clock.advance(Duration.ofMinutes(1));
        OAuth2Client client2 = await(repo.oauth2Client().add(clock, rng, OAuth2ClientMetadata.builder()
                .redirectUris("https://second.example.com/redirect")
                .grantTypes(GrantType.AUTHORIZATION_CODE)
                .clientName("Second client")
                .clientUri("https://second.example.com/")
                .build()));

        assertThat(await(repo.oauth2Client().count(filter))).isEqualTo(2);
        page = await(repo.oauth2Client().list(filter, Pagination.first(10)));
        assertThat(page.hasNextPage()).isFalse();
        assertThat(page.items()).containsExactly(client1, client2);

        Ulid staticId = Ulid.generate(clock.now(), rng);
        await(repo.oauth2Client().upsertStatic(staticId, Optional.of("Static client"), Optional.empty(), "none",
                Optional.empty(), Optional.empty(), List.of(URI.create("https://static.example.com/redirect"))));
        OAuth2Client staticClient = await(repo.oauth2Client().lookup(staticId));
        assertThat(staticClient).as("the static client exists").isNotNull();

        assertThat(await(repo.oauth2Client().count(filter))).isEqualTo(3);

        filter = OAuth2ClientFilter.all().onlyStatic();
        assertThat(await(repo.oauth2Client().count(filter))).isEqualTo(1);
        assertThat(await(repo.oauth2Client().list(filter, Pagination.first(10))).items())
                .containsExactly(staticClient);

        filter = OAuth2ClientFilter.all().onlyDynamic();
        assertThat(await(repo.oauth2Client().count(filter))).isEqualTo(2);
        assertThat(await(repo.oauth2Client().list(filter, Pagination.first(10))).items())
                .containsExactly(client1, client2);

        filter = OAuth2ClientFilter.all().matchingClientName("first");
        assertThat(await(repo.oauth2Client().count(filter))).isEqualTo(1);
        assertThat(await(repo.oauth2Client().list(filter, Pagination.first(10))).items()).containsExactly(client1);

        filter = OAuth2ClientFilter.all().matchingClientName("CLIENT");
        assertThat(await(repo.oauth2Client().count(filter))).isEqualTo(3);

        filter = OAuth2ClientFilter.all().matchingClientUri("second");
        assertThat(await(repo.oauth2Client().count(filter))).isEqualTo(1);
        assertThat(await(repo.oauth2Client().list(filter, Pagination.first(10))).items()).containsExactly(client2);

        filter = OAuth2ClientFilter.all().matchingClientUri("EXAMPLE.COM");
        assertThat(await(repo.oauth2Client().count(filter))).isEqualTo(2);
    }

    // MAS: test_list_clients_by_grant_type
    @Test
    void testListClientsByGrantType(TestStorage storage) {
        RepositorySession repo = open(storage);
        var clock = storage.clock();
        var rng = storage.random();

        OAuth2Client authCodeClient = await(repo.oauth2Client().add(clock, rng, OAuth2ClientMetadata.builder()
                .redirectUris("https://code.example.com/redirect")
                .grantTypes(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN)
                .clientName("Authorization code client")
                .build()));
        OAuth2Client clientCredentialsClient = await(repo.oauth2Client().add(clock, rng,
                OAuth2ClientMetadata.builder()
                        .grantTypes(GrantType.CLIENT_CREDENTIALS)
                        .clientName("Client credentials client")
                        .build()));

        OAuth2ClientFilter filter = OAuth2ClientFilter.all().withGrantType(GrantType.AUTHORIZATION_CODE);
        assertThat(await(repo.oauth2Client().count(filter))).isEqualTo(1);
        assertThat(await(repo.oauth2Client().list(filter, Pagination.first(10))).items())
                .containsExactly(authCodeClient);

        filter = OAuth2ClientFilter.all().withGrantType(GrantType.CLIENT_CREDENTIALS);
        assertThat(await(repo.oauth2Client().count(filter))).isEqualTo(1);
        assertThat(await(repo.oauth2Client().list(filter, Pagination.first(10))).items())
                .containsExactly(clientCredentialsClient);

        assertThat(await(repo.oauth2Client().count(OAuth2ClientFilter.all().withGrantType(GrantType.REFRESH_TOKEN))))
                .isEqualTo(1);
        assertThat(await(repo.oauth2Client().count(OAuth2ClientFilter.all().withGrantType(GrantType.DEVICE_CODE))))
                .isZero();
        assertThat(await(repo.oauth2Client().count(OAuth2ClientFilter.all().withGrantType(GrantType.IMPLICIT))))
                .isZero();
    }

    // MAS: test_list_clients_by_active_sessions
    @Test
    void testListClientsByActiveSessions(TestStorage storage) {
        RepositorySession repo = open(storage);
        var clock = storage.clock();
        var rng = storage.random();

        OAuth2Client withSession = await(repo.oauth2Client().add(clock, rng, OAuth2ClientMetadata.builder()
                .grantTypes(GrantType.CLIENT_CREDENTIALS).clientName("Client with session").build()));
        OAuth2Client withoutSession = await(repo.oauth2Client().add(clock, rng, OAuth2ClientMetadata.builder()
                .grantTypes(GrantType.CLIENT_CREDENTIALS).clientName("Client without session").build()));

        OAuth2Session session = await(repo.oauth2Session().addFromClientCredentials(clock, rng, withSession,
                Scope.of(Scope.OPENID)));

        OAuth2ClientFilter filter = OAuth2ClientFilter.all().withActiveSessions(true);
        assertThat(await(repo.oauth2Client().count(filter))).isEqualTo(1);
        assertThat(await(repo.oauth2Client().list(filter, Pagination.first(10))).items())
                .containsExactly(withSession);

        filter = OAuth2ClientFilter.all().withActiveSessions(false);
        assertThat(await(repo.oauth2Client().count(filter))).isEqualTo(1);
        assertThat(await(repo.oauth2Client().list(filter, Pagination.first(10))).items())
                .containsExactly(withoutSession);

        await(repo.oauth2Session().finish(clock, session));

        assertThat(await(repo.oauth2Client().count(OAuth2ClientFilter.all().withActiveSessions(true)))).isZero();
        assertThat(await(repo.oauth2Client().count(OAuth2ClientFilter.all().withActiveSessions(false))))
                .isEqualTo(2);
    }
}
