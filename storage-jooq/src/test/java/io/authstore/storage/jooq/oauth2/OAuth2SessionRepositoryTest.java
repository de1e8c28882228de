package io.authstore.storage.jooq.oauth2;

import static io.authstore.snapshot.Tables.OAUTH2_ACCESS_TOKENS;
import static io.authstore.snapshot.Tables.OAUTH2_AUTHORIZATION_GRANTS;
import static io.authstore.snapshot.Tables.OAUTH2_REFRESH_TOKENS;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.accessToken;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.browserSession;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.client;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.session;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.Cleanup;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.oauth2.AccessToken;
import io.authstore.storage.oauth2.AuthorizationCode;
import io.authstore.storage.oauth2.AuthorizationGrant;
import io.authstore.storage.oauth2.AuthorizationGrantParams;
import io.authstore.storage.oauth2.Devices;
import io.authstore.storage.oauth2.OAuth2Client;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.OAuth2SessionFilter;
import io.authstore.storage.oauth2.ResponseMode;
import io.authstore.storage.oauth2.Scope;
import io.authstore.storage.users.ActivityRecord;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.BrowserSessionFilter;
import io.authstore.storage.users.User;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

@ExtendWith(StorageExtension.class)
class OAuth2SessionRepositoryTest {

    private static final InetAddress FIRST_IP = InetAddress.ofLiteral("192.0.2.1");
    private static final InetAddress SECOND_IP = InetAddress.ofLiteral("2001:db8::2");

    private static OAuth2Session lookup(TestStorage storage, OAuth2Session session) {
        return storage.read(s -> s.oauth2Session().lookup(session.id()));
    }

    @Test
    void addedSessionsAreFoundAndLookupOfNothingIsEmpty(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession browser = browserSession(storage, alice);
        OAuth2Client client = client(storage, "app");
        OAuth2Session fromBrowser = session(storage, client, browser, Scope.of("openid", "email"));
        assertThat(fromBrowser.userId()).contains(alice.id());
        assertThat(fromBrowser.browserSessionId()).contains(browser.id());
        assertThat(fromBrowser.clientId()).isEqualTo(client.id());
        assertThat(fromBrowser.scope()).isEqualTo(Scope.of("email", "openid"));
        assertThat(fromBrowser.state()).isEqualTo(SessionState.ACTIVE);
        assertThat(fromBrowser.createdAt()).isEqualTo(storage.clock().now());
        assertThat(lookup(storage, fromBrowser)).isEqualTo(fromBrowser);

        OAuth2Session machine = storage.saved(s -> s.oauth2Session().addFromClientCredentials(storage.clock(),
                storage.random(), client, Scope.of("urn:synapse:admin:*")));
        assertThat(machine.userId()).isEmpty();
        assertThat(machine.browserSessionId()).isEmpty();
        assertThat(lookup(storage, machine)).isEqualTo(machine);

        OAuth2Session userOnly = storage.saved(s -> s.oauth2Session().add(storage.clock(), storage.random(), client,
                Optional.of(alice), Optional.empty(), Scope.of()));
        assertThat(lookup(storage, userOnly)).isEqualTo(userOnly);

        assertThat(storage.<OAuth2Session>read(s -> s.oauth2Session().lookup(Ulid.minAt(Instant.EPOCH)))).isNull();
    }

    @Test
    void finishOnceThenTheInvalidAndTheStaleForms(TestStorage storage) {
        OAuth2Session session = session(storage);
        storage.clock().advance(Duration.ofMinutes(5));

        OAuth2Session finished = storage.saved(s -> s.oauth2Session().finish(storage.clock(), session));
        assertThat(finished.state()).isEqualTo(new SessionState.Finished(storage.clock().now()));
        assertThat(lookup(storage, session)).isEqualTo(finished);

        assertThatThrownBy(() -> storage.saved(s -> s.oauth2Session().finish(storage.clock(), finished)))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("already finished");
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2Session().finish(storage.clock(), session)))
                .as("a stale copy that still looks active")
                .isInstanceOf(NotAffectedException.class);
        // A refused transition leaves the session usable.
        assertThat(storage.<OAuth2Session>saved(s -> s.oauth2Session().finish(storage.clock(), finished)
                .onErrorResume(InvalidTransitionException.class, e -> s.oauth2Session().lookup(session.id()))))
                .isEqualTo(finished);
    }

    @Test
    void eachFilterAloneAndCombinedInListCountAndFinishBulk(TestStorage storage) {
        User alice = user(storage, "alice");
        User bob = user(storage, "bob");
        BrowserSession aliceBrowser = browserSession(storage, alice);
        BrowserSession bobBrowser = browserSession(storage, bob);
        OAuth2Client dynamic = client(storage, "dynamic");
        Ulid staticId = Ulid.generate(storage.clock(), storage.random());
        OAuth2Client statik = storage.saved(s -> s.oauth2Client().upsertStatic(staticId, Optional.empty(),
                Optional.empty(), "none", Optional.empty(), Optional.empty(), List.of()));
        String device = "DEVICEAAA";
        List<String> deviceTokens = Devices.scopeTokens(device).orElseThrow();

        OAuth2Session a1 = session(storage, dynamic, aliceBrowser, Scope.of("openid", deviceTokens.get(0)));
        Instant afterA1 = storage.clock().now();
        OAuth2Session a2 = session(storage, statik, aliceBrowser, Scope.of("openid", "email"));
        OAuth2Session b1 = session(storage, dynamic, bobBrowser, Scope.of("openid", deviceTokens.get(1)));
        storage.clock().advance(Duration.ofSeconds(1));
        OAuth2Session machine = storage.saved(s -> s.oauth2Session().addFromClientCredentials(storage.clock(),
                storage.random(), statik, Scope.of("email")));
        Instant t = storage.clock().now();
        storage.saved(s -> s.oauth2Session().recordBatchActivity(List.of(
                new ActivityRecord(a1.id(), t.plusSeconds(100), Optional.empty()),
                new ActivityRecord(b1.id(), t.plusSeconds(300), Optional.empty()))));
        storage.saved(s -> s.oauth2Session().finish(storage.clock(), a2));
        storage.saved(s -> s.browserSession().finish(storage.clock(), bobBrowser));
        OAuth2Session a1s = lookup(storage, a1);
        OAuth2Session a2s = lookup(storage, a2);
        OAuth2Session b1s = lookup(storage, b1);

        assertFilter(storage, OAuth2SessionFilter.all(), a1s, a2s, b1s, machine);
        assertFilter(storage, OAuth2SessionFilter.all().user(alice), a1s, a2s);
        assertFilter(storage, OAuth2SessionFilter.all().anyUser(), a1s, a2s, b1s);
        assertFilter(storage, OAuth2SessionFilter.all().noUser(), machine);
        assertFilter(storage, OAuth2SessionFilter.all().client(statik), a2s, machine);
        assertFilter(storage, OAuth2SessionFilter.all().clients(List.of(dynamic, statik)), a1s, a2s, b1s, machine);
        assertFilter(storage, OAuth2SessionFilter.all().onlyStaticClients(), a2s, machine);
        assertFilter(storage, OAuth2SessionFilter.all().onlyDynamicClients(), a1s, b1s);
        assertFilter(storage, OAuth2SessionFilter.all().active(), a1s, b1s, machine);
        assertFilter(storage, OAuth2SessionFilter.all().finished(), a2s);
        assertFilter(storage, OAuth2SessionFilter.all().scope(Scope.of("email")), a2s, machine);
        assertFilter(storage, OAuth2SessionFilter.all().scope(Scope.of("email", "openid")), a2s);
        assertFilter(storage, OAuth2SessionFilter.all().device(device), a1s, b1s);
        assertFilter(storage, OAuth2SessionFilter.all().device("not a scope token"));
        assertFilter(storage, OAuth2SessionFilter.all().browserSession(aliceBrowser), a1s, a2s);
        assertFilter(storage, OAuth2SessionFilter.all().browserSessions(BrowserSessionFilter.all().finished()), b1s);
        assertFilter(storage, OAuth2SessionFilter.all().lastActiveBefore(t.plusSeconds(200)), a1s);
        assertFilter(storage, OAuth2SessionFilter.all().lastActiveAfter(t.plusSeconds(100)), b1s);
        assertFilter(storage, OAuth2SessionFilter.all().createdBefore(a2.createdAt()), a1s);
        assertFilter(storage, OAuth2SessionFilter.all().createdAfter(afterA1), a2s, b1s, machine);
        assertFilter(storage, OAuth2SessionFilter.all().user(alice).active().device(device), a1s);
        assertFilter(storage, OAuth2SessionFilter.all().onlyStaticClients().anyUser().finished(), a2s);

        storage.clock().advance(Duration.ofHours(1));
        long finished = storage.saved(s -> s.oauth2Session().finishBulk(storage.clock(),
                OAuth2SessionFilter.all().client(statik)));
        assertThat(finished).as("the machine session; a2 was finished already").isEqualTo(1);
        assertThat(lookup(storage, a2)).as("untouched").isEqualTo(a2s);
        assertThat(lookup(storage, machine).finishedAt()).contains(storage.clock().now());
        assertThat(storage.<Long>saved(s -> s.oauth2Session().finishBulk(storage.clock(),
                OAuth2SessionFilter.all().clients(List.of())))).isZero();
    }

    private static void assertFilter(TestStorage storage, OAuth2SessionFilter filter, OAuth2Session... expected) {
        Page<OAuth2Session> page = storage.read(s -> s.oauth2Session().list(filter, Pagination.first(50)));
        assertThat(page.items()).as(filter.toString()).containsExactly(expected);
        assertThat(storage.<Long>read(s -> s.oauth2Session().count(filter))).as(filter.toString())
                .isEqualTo((long) expected.length);
    }

    @Test
    void paginatesBothWays(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession browser = browserSession(storage, alice);
        OAuth2Client client = client(storage, "app");
        List<OAuth2Session> sessions = Flux.range(0, 5)
                .map(i -> session(storage, client, browser, Scope.of("openid"))).collectList().block();

        Page<OAuth2Session> first = storage.read(s -> s.oauth2Session()
                .list(OAuth2SessionFilter.all(), Pagination.first(2)));
        assertThat(first.items()).containsExactlyElementsOf(sessions.subList(0, 2));
        assertThat(first.hasNextPage()).isTrue();
        Page<OAuth2Session> next = storage.read(s -> s.oauth2Session()
                .list(OAuth2SessionFilter.all(), Pagination.first(2).after(first.endCursor().orElseThrow())));
        assertThat(next.items()).containsExactlyElementsOf(sessions.subList(2, 4));
        Page<OAuth2Session> last = storage.read(s -> s.oauth2Session()
                .list(OAuth2SessionFilter.all(), Pagination.last(2).before(next.startCursor().orElseThrow())));
        assertThat(last.items()).containsExactlyElementsOf(sessions.subList(0, 2));
        assertThat(last.hasPreviousPage()).isFalse();
        Page<OAuth2Session> end = storage.read(s -> s.oauth2Session()
                .list(OAuth2SessionFilter.all(), Pagination.last(2)));
        assertThat(end.items()).containsExactlyElementsOf(sessions.subList(3, 5));
        assertThat(end.hasPreviousPage()).isTrue();
    }

    @Test
    void userAgentAndHumanNameAreStoredAndAGoneSessionIsNotAffected(TestStorage storage) {
        OAuth2Session session = session(storage);
        OAuth2Session withAgent = storage.saved(s -> s.oauth2Session().recordUserAgent(session, "Element/1.0"));
        assertThat(withAgent.userAgent()).contains("Element/1.0");
        OAuth2Session named = storage.saved(s -> s.oauth2Session().setHumanName(withAgent, Optional.of("My phone")));
        assertThat(lookup(storage, session)).isEqualTo(named);
        OAuth2Session unnamed = storage.saved(s -> s.oauth2Session().setHumanName(named, Optional.empty()));
        assertThat(lookup(storage, session).humanName()).isEmpty();
        assertThat(lookup(storage, session)).isEqualTo(unnamed);

        assertThatThrownBy(() -> storage.saved(s -> s.oauth2Session().recordUserAgent(session, "a\0b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userAgent");
        OAuth2Session ghost = new OAuth2Session(Ulid.minAt(Instant.EPOCH), SessionState.ACTIVE, Instant.EPOCH,
                Optional.empty(), Optional.empty(), session.clientId(), Scope.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2Session().recordUserAgent(ghost, "x")))
                .isInstanceOf(NotAffectedException.class);
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2Session().setHumanName(ghost, Optional.of("x"))))
                .isInstanceOf(NotAffectedException.class);
    }

    @Test
    void recordBatchActivityKeepsTheLatestTimeAndTheLatestKnownAddress(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession browser = browserSession(storage, alice);
        OAuth2Client client = client(storage, "app");
        OAuth2Session first = session(storage, client, browser, Scope.of("openid"));
        OAuth2Session second = session(storage, client, browser, Scope.of("openid"));
        OAuth2Session untouched = session(storage, client, browser, Scope.of("openid"));
        Instant t = storage.clock().now();

        storage.saved(s -> s.oauth2Session().recordBatchActivity(List.of(
                new ActivityRecord(second.id(), t.plusSeconds(5), Optional.of(SECOND_IP)),
                new ActivityRecord(first.id(), t.plusSeconds(10), Optional.empty()),
                new ActivityRecord(first.id(), t.plusSeconds(2), Optional.of(FIRST_IP)),
                new ActivityRecord(Ulid.minAt(t), t, Optional.of(FIRST_IP)))));
        assertThat(lookup(storage, first).lastActiveAt()).contains(t.plusSeconds(10));
        assertThat(lookup(storage, first).lastActiveIp()).contains(FIRST_IP);
        assertThat(lookup(storage, second).lastActiveIp()).contains(SECOND_IP);
        assertThat(lookup(storage, untouched).lastActiveAt()).isEmpty();

        storage.saved(s -> s.oauth2Session().recordBatchActivity(List.of(
                new ActivityRecord(first.id(), t.plusSeconds(1), Optional.of(SECOND_IP)))));
        assertThat(lookup(storage, first).lastActiveAt()).as("an older time does not win").contains(t.plusSeconds(10));
        assertThat(lookup(storage, first).lastActiveIp()).contains(SECOND_IP);
        storage.saved(s -> s.oauth2Session().recordBatchActivity(List.of()).thenReturn(true));
    }

    @Test
    void cleanupFinishedDeletesInBatchesFromItsCursorWithTokensAndGrants(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession browser = browserSession(storage, alice);
        OAuth2Client client = client(storage, "app");
        List<OAuth2Session> sessions = new ArrayList<>();
        List<Instant> finishedAt = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            OAuth2Session session = session(storage, client, browser, Scope.of("openid"));
            AccessToken token = accessToken(storage, session, "access-" + i, Optional.empty());
            storage.saved(s -> s.oauth2RefreshToken().add(storage.clock(), storage.random(), session, token,
                    "refresh-" + token.id()));
            sessions.add(session);
        }
        AuthorizationGrant grant = storage.saved(s -> s.oauth2AuthorizationGrant().add(storage.clock(),
                storage.random(), client, new AuthorizationGrantParams(URI.create("https://app.example.com/cb"),
                        Scope.of("openid"), Optional.of(new AuthorizationCode("grant-code", Optional.empty())),
                        Optional.empty(), Optional.empty(), ResponseMode.QUERY, false, Optional.empty(),
                        Optional.empty(), Map.of())));
        storage.saved(s -> s.oauth2AuthorizationGrant().fulfill(storage.clock(), browser, grant)
                .flatMap(fulfilled -> s.oauth2AuthorizationGrant().exchange(storage.clock(), fulfilled,
                        sessions.get(0))));
        for (int i = 0; i < 4; i++) {
            storage.clock().advance(Duration.ofMinutes(1));
            finishedAt.add(storage.clock().now());
            OAuth2Session session = sessions.get(i);
            storage.saved(s -> s.oauth2Session().finish(storage.clock(), session));
        }
        Instant until = storage.clock().now().plusSeconds(1);

        assertThat(storage.<Cleanup>read(s -> s.oauth2Session().cleanupFinished(null, finishedAt.get(0), 10)))
                .as("until is exclusive").isEqualTo(Cleanup.NOTHING);
        Cleanup first = storage.saved(s -> s.oauth2Session().cleanupFinished(null, until, 3));
        assertThat(first).isEqualTo(new Cleanup(3, Optional.of(finishedAt.get(2))));
        Cleanup second = storage.saved(s -> s.oauth2Session().cleanupFinished(first.resumeFrom().orElseThrow(),
                until, 3));
        assertThat(second).isEqualTo(new Cleanup(1, Optional.of(finishedAt.get(3))));
        assertThat(storage.<Cleanup>saved(s -> s.oauth2Session().cleanupFinished(second.resumeFrom().orElseThrow(),
                until, 3))).isEqualTo(Cleanup.NOTHING);
        assertThatThrownBy(() -> storage.read(s -> s.oauth2Session().cleanupFinished(null, until, 0)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(storage.<Page<OAuth2Session>>read(s -> s.oauth2Session().list(OAuth2SessionFilter.all(),
                Pagination.first(10))).items()).containsExactly(sessions.get(4));
        assertThat(storage.sql().fetchCount(OAUTH2_ACCESS_TOKENS)).isEqualTo(1);
        assertThat(storage.sql().fetchCount(OAUTH2_REFRESH_TOKENS)).isEqualTo(1);
        assertThat(storage.sql().fetchCount(OAUTH2_AUTHORIZATION_GRANTS)).as("exchanged for a deleted session")
                .isZero();
    }

    @Test
    void cleanupInactiveIpsForgetsAddressesOfSessionsIdleBeforeTheThreshold(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession browser = browserSession(storage, alice);
        OAuth2Client client = client(storage, "app");
        OAuth2Session idle = session(storage, client, browser, Scope.of("openid"));
        OAuth2Session idleToo = session(storage, client, browser, Scope.of("openid"));
        OAuth2Session recent = session(storage, client, browser, Scope.of("openid"));
        Instant t = storage.clock().now();
        storage.saved(s -> s.oauth2Session().recordBatchActivity(List.of(
                new ActivityRecord(idle.id(), t.plusSeconds(1), Optional.of(FIRST_IP)),
                new ActivityRecord(idleToo.id(), t.plusSeconds(2), Optional.of(FIRST_IP)),
                new ActivityRecord(recent.id(), t.plusSeconds(100), Optional.of(SECOND_IP)))));

        assertThat(storage.<Cleanup>read(s -> s.oauth2Session().cleanupInactiveIps(null, t.plusSeconds(1), 10)))
                .as("the threshold is exclusive").isEqualTo(Cleanup.NOTHING);
        Cleanup first = storage.saved(s -> s.oauth2Session().cleanupInactiveIps(null, t.plusSeconds(50), 1));
        assertThat(first).isEqualTo(new Cleanup(1, Optional.of(t.plusSeconds(1))));
        Cleanup second = storage.saved(s -> s.oauth2Session()
                .cleanupInactiveIps(first.resumeFrom().orElseThrow(), t.plusSeconds(50), 1));
        assertThat(second).isEqualTo(new Cleanup(1, Optional.of(t.plusSeconds(2))));
        assertThat(storage.<Cleanup>read(s -> s.oauth2Session()
                .cleanupInactiveIps(second.resumeFrom().orElseThrow(), t.plusSeconds(50), 1)))
                .isEqualTo(Cleanup.NOTHING);

        assertThat(lookup(storage, idle).lastActiveIp()).isEmpty();
        assertThat(lookup(storage, idle).lastActiveAt()).contains(t.plusSeconds(1));
        assertThat(lookup(storage, idleToo).lastActiveIp()).isEmpty();
        assertThat(lookup(storage, recent).lastActiveIp()).contains(SECOND_IP);
    }
}
