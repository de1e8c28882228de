package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.COMPAT_SESSIONS;
import static io.authstore.snapshot.Tables.OAUTH2_CLIENTS;
import static io.authstore.snapshot.Tables.OAUTH2_DEVICE_CODE_GRANT;
import static io.authstore.snapshot.Tables.OAUTH2_SESSIONS;
import static io.authstore.snapshot.Tables.USER_PASSWORDS;
import static io.authstore.snapshot.Tables.USER_SESSIONS;
import static io.authstore.snapshot.Tables.USER_SESSION_AUTHENTICATIONS;
import static io.authstore.storage.jooq.users.Fixtures.password;
import static io.authstore.storage.jooq.users.Fixtures.upstreamAuthorizationSession;
import static io.authstore.storage.jooq.users.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.Cleanup;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Convert;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.ActivityRecord;
import io.authstore.storage.users.Authentication;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.BrowserSessionFilter;
import io.authstore.storage.users.Password;
import io.authstore.storage.users.User;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

@ExtendWith(StorageExtension.class)
class BrowserSessionRepositoryTest {

    private static final InetAddress FIRST_IP = InetAddress.ofLiteral("192.0.2.1");
    private static final InetAddress SECOND_IP = InetAddress.ofLiteral("2001:db8::2");

    private static BrowserSession start(TestStorage storage, User user) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(session -> session.browserSession()
                .add(storage.clock(), storage.random(), user, Optional.of("Firefox")));
    }

    private static BrowserSession lookup(TestStorage storage, BrowserSession session) {
        return storage.read(s -> s.browserSession().lookup(session.id()));
    }

    @Test
    void addedSessionIsFoundWithItsUser(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession session = start(storage, alice);

        assertThat(session.user()).isEqualTo(alice);
        assertThat(session.state()).isEqualTo(SessionState.ACTIVE);
        assertThat(session.userAgent()).contains("Firefox");
        assertThat(session.createdAt()).isEqualTo(storage.clock().now());
        assertThat(lookup(storage, session)).isEqualTo(session);
        assertThat(storage.<BrowserSession>read(s -> s.browserSession().lookup(Ulid.minAt(Instant.EPOCH)))).isNull();
    }

    @Test
    void finishOnceThenTheRepeatAndTheStaleForms(TestStorage storage) {
        BrowserSession session = start(storage, user(storage, "alice"));
        storage.clock().advance(Duration.ofMinutes(5));

        BrowserSession finished = storage.saved(s -> s.browserSession().finish(storage.clock(), session));
        assertThat(finished.state()).isEqualTo(new SessionState.Finished(storage.clock().now()));
        assertThat(lookup(storage, session)).isEqualTo(finished);

        storage.clock().advance(Duration.ofMinutes(5));
        // Both succeed, as in MAS, but neither moves the time the session first finished.
        assertThat(storage.<BrowserSession>saved(s -> s.browserSession().finish(storage.clock(), finished)))
                .isEqualTo(finished);
        assertThat(storage.<BrowserSession>saved(s -> s.browserSession().finish(storage.clock(), session)))
                .as("a stale copy that still looks active").isEqualTo(finished);
        assertThat(lookup(storage, session)).isEqualTo(finished);
    }

    @Test
    void finishingASessionThatNoLongerExistsIsNotAffected(TestStorage storage) {
        BrowserSession session = start(storage, user(storage, "alice"));
        storage.sql().deleteFrom(USER_SESSIONS).execute();

        assertThatThrownBy(() -> storage.saved(s -> s.browserSession().finish(storage.clock(), session)))
                .isInstanceOf(NotAffectedException.class)
                .hasMessageContaining("db.browser_session.finish");
    }

    @Test
    void listCountAndFinishBulkShareEachFilter(TestStorage storage) {
        User alice = user(storage, "alice");
        User bob = user(storage, "bob");
        BrowserSession aliceOld = start(storage, alice);
        Instant afterFirst = storage.clock().now();
        BrowserSession aliceNew = start(storage, alice);
        BrowserSession bobs = start(storage, bob);
        storage.saved(s -> s.browserSession().recordBatchActivity(List.of(
                new ActivityRecord(aliceOld.id(), TestStorage.START.plusSeconds(100), Optional.empty()),
                new ActivityRecord(bobs.id(), TestStorage.START.plusSeconds(300), Optional.empty()))));
        BrowserSession aliceOldFinished = storage.saved(s -> s.browserSession().finish(storage.clock(), aliceOld));
        BrowserSession aliceOldStored = lookup(storage, aliceOldFinished);
        BrowserSession bobsStored = lookup(storage, bobs);

        assertFilter(storage, BrowserSessionFilter.all(), aliceOldStored, aliceNew, bobsStored);
        assertFilter(storage, BrowserSessionFilter.all().user(alice), aliceOldStored, aliceNew);
        assertFilter(storage, BrowserSessionFilter.all().active(), aliceNew, bobsStored);
        assertFilter(storage, BrowserSessionFilter.all().finished(), aliceOldStored);
        assertFilter(storage, BrowserSessionFilter.all().user(alice).active(), aliceNew);
        assertFilter(storage, BrowserSessionFilter.all().lastActiveBefore(TestStorage.START.plusSeconds(200)),
                aliceOldStored);
        assertFilter(storage, BrowserSessionFilter.all().lastActiveAfter(TestStorage.START.plusSeconds(100)),
                bobsStored);
        assertFilter(storage, BrowserSessionFilter.all().createdBefore(aliceNew.createdAt()), aliceOldStored);
        assertFilter(storage, BrowserSessionFilter.all().createdAfter(afterFirst), aliceNew, bobsStored);
        assertFilter(storage, BrowserSessionFilter.all().createdAfter(afterFirst).createdBefore(bobs.createdAt()),
                aliceNew);
        assertFilter(storage, BrowserSessionFilter.all().lastActiveAfter(TestStorage.START.plusSeconds(50))
                .lastActiveBefore(TestStorage.START.plusSeconds(200)), aliceOldStored);
        assertFilter(storage, BrowserSessionFilter.all().active().lastActiveAfter(TestStorage.START), bobsStored);
        assertFilter(storage, BrowserSessionFilter.all().finished().lastActiveAfter(TestStorage.START.plusSeconds(100)));
        assertFilter(storage, BrowserSessionFilter.all().user(bob).finished());
        assertFilter(storage, BrowserSessionFilter.all().createdBefore(aliceNew.createdAt().plusNanos(1)),
                aliceOldStored, aliceNew);
        assertFilter(storage, BrowserSessionFilter.all().createdAfter(aliceNew.createdAt().minusNanos(1)),
                aliceNew, bobsStored);

        storage.clock().advance(Duration.ofHours(1));
        assertThat(storage.<Long>saved(s -> s.browserSession().finishBulk(storage.clock(),
                BrowserSessionFilter.all().active().lastActiveBefore(TestStorage.START.plusSeconds(200)))))
                .as("active and idle since before +200 s: none (alice's idle one is finished, bob's is recent)")
                .isZero();
        long finished = storage.saved(s -> s.browserSession().finishBulk(storage.clock(),
                BrowserSessionFilter.all().user(alice)));
        assertThat(finished).as("only alice's active one").isEqualTo(1);
        assertThat(lookup(storage, aliceNew).state()).isEqualTo(new SessionState.Finished(storage.clock().now()));
        assertThat(lookup(storage, aliceOld)).as("already finished: untouched").isEqualTo(aliceOldStored);
        assertThat(lookup(storage, bobs).isActive()).isTrue();
    }

    private static void assertFilter(TestStorage storage, BrowserSessionFilter filter, BrowserSession... expected) {
        Page<BrowserSession> page = storage.read(s -> s.browserSession().list(filter, Pagination.first(50)));
        assertThat(page.items()).as(filter.toString()).containsExactly(expected);
        assertThat(storage.<Long>read(s -> s.browserSession().count(filter))).as(filter.toString())
                .isEqualTo((long) expected.length);
    }

    @Test
    void paginatesBothWays(TestStorage storage) {
        User alice = user(storage, "alice");
        List<BrowserSession> sessions = Flux.range(0, 5).map(i -> start(storage, alice)).collectList().block();

        Page<BrowserSession> first = storage.read(s -> s.browserSession()
                .list(BrowserSessionFilter.all(), Pagination.first(2)));
        assertThat(first.items()).containsExactlyElementsOf(sessions.subList(0, 2));
        assertThat(first.hasNextPage()).isTrue();
        Page<BrowserSession> next = storage.read(s -> s.browserSession()
                .list(BrowserSessionFilter.all(), Pagination.first(2).after(first.endCursor().orElseThrow())));
        assertThat(next.items()).containsExactlyElementsOf(sessions.subList(2, 4));
        Page<BrowserSession> last = storage.read(s -> s.browserSession()
                .list(BrowserSessionFilter.all(), Pagination.last(2).before(next.startCursor().orElseThrow())));
        assertThat(last.items()).containsExactlyElementsOf(sessions.subList(0, 2));
        assertThat(last.hasPreviousPage()).isFalse();
    }

    @Test
    void authenticationsByPasswordAndUpstreamAndTheLastOne(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession session = start(storage, alice);
        Password password = password(storage, alice);
        assertThat(storage.<Authentication>read(s -> s.browserSession().lastAuthentication(session))).isNull();

        storage.clock().advance(Duration.ofSeconds(1));
        Authentication byPassword = storage.saved(s -> s.browserSession()
                .authenticateWithPassword(storage.clock(), storage.random(), session, password));
        assertThat(byPassword.method()).isEqualTo(new Authentication.Method.ByPassword(password.id()));
        assertThat(byPassword.browserSessionId()).isEqualTo(session.id());

        Ulid upstreamSession = upstreamAuthorizationSession(storage);
        storage.clock().advance(Duration.ofSeconds(1));
        Authentication byUpstream = storage.saved(s -> s.browserSession()
                .authenticateWithUpstream(storage.clock(), storage.random(), session, upstreamSession));
        assertThat(byUpstream.method()).isEqualTo(new Authentication.Method.ByUpstreamOAuth(upstreamSession));
        assertThat(storage.<Authentication>read(s -> s.browserSession().lastAuthentication(session)))
                .isEqualTo(byUpstream);

        storage.sql().deleteFrom(USER_SESSION_AUTHENTICATIONS)
                .where(USER_SESSION_AUTHENTICATIONS.USER_SESSION_AUTHENTICATION_ID.eq(byUpstream.id().toUuid()))
                .execute();
        storage.sql().deleteFrom(USER_PASSWORDS).execute();
        assertThat(storage.<Authentication>read(s -> s.browserSession().lastAuthentication(session)).method())
                .as("the password is gone: ON DELETE SET NULL").isEqualTo(new Authentication.Method.Unknown());
    }

    @Test
    void authenticatingAFinishedSessionOrWithSomeoneElsesPasswordIsRefused(TestStorage storage) {
        User alice = user(storage, "alice");
        User bob = user(storage, "bob");
        BrowserSession session = start(storage, alice);
        Password bobs = password(storage, bob);
        assertThatThrownBy(() -> storage.saved(s -> s.browserSession()
                        .authenticateWithPassword(storage.clock(), storage.random(), session, bobs)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to user " + bob.id());

        BrowserSession finished = storage.saved(s -> s.browserSession().finish(storage.clock(), session));
        Password alices = password(storage, alice);
        assertThatThrownBy(() -> storage.saved(s -> s.browserSession()
                        .authenticateWithPassword(storage.clock(), storage.random(), finished, alices)))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("it is finished");
        assertThatThrownBy(() -> storage.saved(s -> s.browserSession().authenticateWithUpstream(
                        storage.clock(), storage.random(), finished, Ulid.minAt(Instant.EPOCH))))
                .isInstanceOf(InvalidTransitionException.class);
    }

    @Test
    void anAuthenticationWithBothMethodsIsAnInconsistencyNamingTheRow(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession session = start(storage, alice);
        Password password = password(storage, alice);
        Ulid upstream = upstreamAuthorizationSession(storage);
        UUID id = UUID.fromString("019b0000-0000-7000-8000-000000000001");
        storage.sql().insertInto(USER_SESSION_AUTHENTICATIONS)
                .set(USER_SESSION_AUTHENTICATIONS.USER_SESSION_AUTHENTICATION_ID, id)
                .set(USER_SESSION_AUTHENTICATIONS.USER_SESSION_ID, session.id().toUuid())
                .set(USER_SESSION_AUTHENTICATIONS.CREATED_AT, Convert.timestamp(storage.clock().now()))
                .set(USER_SESSION_AUTHENTICATIONS.USER_PASSWORD_ID, password.id().toUuid())
                .set(USER_SESSION_AUTHENTICATIONS.UPSTREAM_OAUTH_AUTHORIZATION_SESSION_ID, upstream.toUuid())
                .execute();

        assertThatThrownBy(() -> storage.read(s -> s.browserSession().lastAuthentication(session)))
                .isInstanceOf(InconsistencyException.class)
                .hasMessageContaining("user_session_authentications")
                .hasMessageContaining(Ulid.fromUuid(id).toString());
    }

    @Test
    void recordBatchActivityKeepsTheLatestTimeAndTheLatestKnownAddress(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession first = start(storage, alice);
        BrowserSession second = start(storage, alice);
        BrowserSession untouched = start(storage, alice);
        Instant t = storage.clock().now();

        storage.saved(s -> s.browserSession().recordBatchActivity(List.of(
                new ActivityRecord(second.id(), t.plusSeconds(5), Optional.of(SECOND_IP)),
                new ActivityRecord(first.id(), t.plusSeconds(10), Optional.empty()),
                new ActivityRecord(first.id(), t.plusSeconds(2), Optional.of(FIRST_IP)),
                new ActivityRecord(Ulid.minAt(t), t, Optional.of(FIRST_IP)))));
        assertActivity(storage, first, t.plusSeconds(10), FIRST_IP);
        assertActivity(storage, second, t.plusSeconds(5), SECOND_IP);
        assertThat(lookup(storage, untouched).lastActiveAt()).isEmpty();

        storage.saved(s -> s.browserSession().recordBatchActivity(List.of(
                new ActivityRecord(first.id(), t.plusSeconds(1), Optional.of(SECOND_IP)),
                new ActivityRecord(second.id(), t.plusSeconds(20), Optional.empty()))));
        assertActivity(storage, first, t.plusSeconds(10), SECOND_IP);
        assertActivity(storage, second, t.plusSeconds(20), SECOND_IP);

        storage.saved(s -> s.browserSession().recordBatchActivity(List.of()).thenReturn(true));
    }

    private static void assertActivity(TestStorage storage, BrowserSession session, Instant at, InetAddress ip) {
        BrowserSession stored = lookup(storage, session);
        assertThat(stored.lastActiveAt()).contains(at);
        assertThat(stored.lastActiveIp()).contains(ip);
    }

    @Test
    void concurrentBatchesOverTheSameSessionsInOppositeOrderDoNotDeadlock(TestStorage storage) {
        User alice = user(storage, "alice");
        List<BrowserSession> sessions = storage.saved(s -> Flux.range(0, 300)
                .concatMap(i -> s.browserSession().add(storage.clock(), storage.random(), alice, Optional.empty()))
                .collectList());
        Instant t = storage.clock().now();

        for (int round = 1; round <= 5; round++) {
            Instant at = t.plusSeconds(round);
            List<ActivityRecord> forward = sessions.stream()
                    .map(session -> new ActivityRecord(session.id(), at, Optional.empty()))
                    .toList();
            List<ActivityRecord> backward = forward.reversed();
            // Two transactions at once, each updating all 300 rows, given them in opposite order: unless both lock
            // in the same (id) order, PostgreSQL finds a deadlock and aborts one (SQLSTATE 40P01).
            List<Void> done = Flux.merge(
                            storage.factory().transaction(s -> s.browserSession().recordBatchActivity(forward)),
                            storage.factory().transaction(s -> s.browserSession().recordBatchActivity(backward)))
                    .collectList()
                    .block(TestStorage.TIMEOUT);
            assertThat(done).isEmpty();
        }
        assertThat(lookup(storage, sessions.get(150)).lastActiveAt()).contains(t.plusSeconds(5));
    }

    @Test
    void aBatchWaitsForAnotherHoldingItsSessionsInsteadOfFailing(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession one = start(storage, alice);
        BrowserSession two = start(storage, alice);
        Instant t = storage.clock().now();

        RepositorySession holder = storage.factory().open().block(TestStorage.TIMEOUT);
        holder.browserSession().recordBatchActivity(List.of(
                new ActivityRecord(one.id(), t.plusSeconds(1), Optional.empty()),
                new ActivityRecord(two.id(), t.plusSeconds(1), Optional.empty()))).block(TestStorage.TIMEOUT);
        CompletableFuture<Void> other = storage.factory().transaction(s -> s.browserSession().recordBatchActivity(
                List.of(new ActivityRecord(two.id(), t.plusSeconds(2), Optional.empty()),
                        new ActivityRecord(one.id(), t.plusSeconds(2), Optional.empty()))))
                .toFuture();
        assertThat(other).failsWithin(Duration.ofMillis(300)).withThrowableThat()
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        holder.save().block(TestStorage.TIMEOUT);

        assertThat(other).succeedsWithin(TestStorage.TIMEOUT);
        assertThat(lookup(storage, one).lastActiveAt()).contains(t.plusSeconds(2));
        assertThat(lookup(storage, two).lastActiveAt()).contains(t.plusSeconds(2));
    }

    @Test
    void cleanupFinishedDeletesInBatchesFromItsCursorAndKeepsReferencedSessions(TestStorage storage) {
        User alice = user(storage, "alice");
        List<BrowserSession> sessions = Flux.range(0, 7).map(i -> start(storage, alice)).collectList().block();
        Password password = password(storage, alice);
        List<Instant> finishedAt = new java.util.ArrayList<>();
        for (BrowserSession session : sessions) {
            storage.clock().advance(Duration.ofMinutes(1));
            finishedAt.add(storage.clock().now());
            storage.saved(s -> s.browserSession().authenticateWithPassword(
                            storage.clock(), storage.random(), session, password)
                    .then(s.browserSession().finish(storage.clock(), session)));
        }
        UUID client = oauth2Client(storage);
        oauth2SessionFrom(storage, client, alice, sessions.get(1));
        compatSessionFrom(storage, alice, sessions.get(3));
        deviceCodeGrantFrom(storage, client, sessions.get(5));
        BrowserSession active = start(storage, alice);
        Instant until = storage.clock().now();

        assertThat(storage.<Cleanup>read(s -> s.browserSession().cleanupFinished(null, finishedAt.get(0), 10)))
                .as("until is exclusive").isEqualTo(Cleanup.NOTHING);
        assertThat(storage.<Cleanup>read(s -> s.browserSession().cleanupFinished(finishedAt.get(6), until, 10)))
                .as("since is inclusive").isEqualTo(new Cleanup(1, Optional.of(finishedAt.get(6))));

        Cleanup first = storage.saved(s -> s.browserSession().cleanupFinished(null, until, 2));
        assertThat(first).as("the oldest two that nothing references")
                .isEqualTo(new Cleanup(2, Optional.of(finishedAt.get(2))));
        assertThat(lookup(storage, sessions.get(0))).isNull();
        Cleanup second = storage.saved(s -> s.browserSession().cleanupFinished(
                first.resumeFrom().orElseThrow(), until, 2));
        assertThat(second).isEqualTo(new Cleanup(2, Optional.of(finishedAt.get(6))));
        Cleanup third = storage.saved(s -> s.browserSession().cleanupFinished(
                second.resumeFrom().orElseThrow(), until, 2));
        assertThat(third).isEqualTo(Cleanup.NOTHING);

        assertThat(storage.<Page<BrowserSession>>read(s -> s.browserSession()
                        .list(BrowserSessionFilter.all(), Pagination.first(10))).items())
                .as("those an OAuth 2.0 session, a compatibility session or a device-code grant references, and the"
                        + " active one")
                .containsExactly(lookup(storage, sessions.get(1)), lookup(storage, sessions.get(3)),
                        lookup(storage, sessions.get(5)), lookup(storage, active));
        assertThat(storage.sql().fetchCount(USER_SESSION_AUTHENTICATIONS)).as("the others' authentications went too")
                .isEqualTo(3);
    }

    @Test
    void cleanupInactiveIpsForgetsAddressesOfSessionsIdleBeforeTheThreshold(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession idle = start(storage, alice);
        BrowserSession idleToo = start(storage, alice);
        BrowserSession recent = start(storage, alice);
        Instant t = storage.clock().now();
        storage.saved(s -> s.browserSession().recordBatchActivity(List.of(
                new ActivityRecord(idle.id(), t.plusSeconds(1), Optional.of(FIRST_IP)),
                new ActivityRecord(idleToo.id(), t.plusSeconds(2), Optional.of(FIRST_IP)),
                new ActivityRecord(recent.id(), t.plusSeconds(100), Optional.of(SECOND_IP)))));

        assertThat(storage.<Cleanup>read(s -> s.browserSession().cleanupInactiveIps(null, t.plusSeconds(1), 10)))
                .as("the threshold is exclusive").isEqualTo(Cleanup.NOTHING);
        assertThat(storage.<Cleanup>read(s -> s.browserSession()
                        .cleanupInactiveIps(t.plusSeconds(2), t.plusSeconds(50), 10)))
                .as("since is inclusive").isEqualTo(new Cleanup(1, Optional.of(t.plusSeconds(2))));

        Cleanup first = storage.saved(s -> s.browserSession().cleanupInactiveIps(null, t.plusSeconds(50), 1));
        assertThat(first).isEqualTo(new Cleanup(1, Optional.of(t.plusSeconds(1))));
        Cleanup second = storage.saved(s -> s.browserSession()
                .cleanupInactiveIps(first.resumeFrom().orElseThrow(), t.plusSeconds(50), 1));
        assertThat(second).isEqualTo(new Cleanup(1, Optional.of(t.plusSeconds(2))));
        assertThat(storage.<Cleanup>read(s -> s.browserSession()
                .cleanupInactiveIps(second.resumeFrom().orElseThrow(), t.plusSeconds(50), 1)))
                .isEqualTo(Cleanup.NOTHING);

        assertThat(lookup(storage, idle).lastActiveIp()).isEmpty();
        assertThat(lookup(storage, idle).lastActiveAt()).contains(t.plusSeconds(1));
        assertThat(lookup(storage, idleToo).lastActiveIp()).isEmpty();
        assertThat(lookup(storage, recent).lastActiveIp()).contains(SECOND_IP);
    }

    private static UUID oauth2Client(TestStorage storage) {
        UUID client = UUID.randomUUID();
        storage.sql().insertInto(OAUTH2_CLIENTS)
                .set(OAUTH2_CLIENTS.OAUTH2_CLIENT_ID, client)
                .set(OAUTH2_CLIENTS.GRANT_TYPE_AUTHORIZATION_CODE, true)
                .set(OAUTH2_CLIENTS.GRANT_TYPE_REFRESH_TOKEN, true)
                .execute();
        return client;
    }

    private static void compatSessionFrom(TestStorage storage, User user, BrowserSession browserSession) {
        storage.sql().insertInto(COMPAT_SESSIONS)
                .set(COMPAT_SESSIONS.COMPAT_SESSION_ID, UUID.randomUUID())
                .set(COMPAT_SESSIONS.USER_ID, user.id().toUuid())
                .set(COMPAT_SESSIONS.USER_SESSION_ID, browserSession.id().toUuid())
                .set(COMPAT_SESSIONS.CREATED_AT, Convert.timestamp(storage.clock().now()))
                .execute();
    }

    private static void deviceCodeGrantFrom(TestStorage storage, UUID client, BrowserSession browserSession) {
        storage.sql().insertInto(OAUTH2_DEVICE_CODE_GRANT)
                .set(OAUTH2_DEVICE_CODE_GRANT.OAUTH2_DEVICE_CODE_GRANT_ID, UUID.randomUUID())
                .set(OAUTH2_DEVICE_CODE_GRANT.OAUTH2_CLIENT_ID, client)
                .set(OAUTH2_DEVICE_CODE_GRANT.SCOPE, "openid")
                .set(OAUTH2_DEVICE_CODE_GRANT.USER_CODE, "USER-CODE")
                .set(OAUTH2_DEVICE_CODE_GRANT.DEVICE_CODE, "device-code")
                .set(OAUTH2_DEVICE_CODE_GRANT.USER_SESSION_ID, browserSession.id().toUuid())
                .set(OAUTH2_DEVICE_CODE_GRANT.CREATED_AT, Convert.timestamp(storage.clock().now()))
                .set(OAUTH2_DEVICE_CODE_GRANT.EXPIRES_AT, Convert.timestamp(storage.clock().now().plusSeconds(600)))
                .execute();
    }

    private static void oauth2SessionFrom(TestStorage storage, UUID client, User user, BrowserSession browserSession) {
        storage.sql().insertInto(OAUTH2_SESSIONS)
                .set(OAUTH2_SESSIONS.OAUTH2_SESSION_ID, UUID.randomUUID())
                .set(OAUTH2_SESSIONS.OAUTH2_CLIENT_ID, client)
                .set(OAUTH2_SESSIONS.USER_ID, user.id().toUuid())
                .set(OAUTH2_SESSIONS.USER_SESSION_ID, browserSession.id().toUuid())
                .set(OAUTH2_SESSIONS.SCOPE_LIST, new String[] {"openid"})
                .set(OAUTH2_SESSIONS.CREATED_AT, Convert.timestamp(storage.clock().now()))
                .execute();
    }
}
