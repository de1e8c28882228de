package io.authstore.storage.jooq.compat;

import static io.authstore.snapshot.Tables.COMPAT_ACCESS_TOKENS;
import static io.authstore.snapshot.Tables.COMPAT_REFRESH_TOKENS;
import static io.authstore.snapshot.Tables.COMPAT_SESSIONS;
import static io.authstore.snapshot.Tables.COMPAT_SSO_LOGINS;
import static io.authstore.storage.jooq.compat.CompatFixtures.tick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.Cleanup;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.SessionState;
import io.authstore.storage.Ulid;
import io.authstore.storage.compat.CompatAccessToken;
import io.authstore.storage.compat.CompatSession;
import io.authstore.storage.compat.CompatSessionFilter;
import io.authstore.storage.compat.CompatSessionWithLogin;
import io.authstore.storage.compat.CompatSsoLogin;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.ActivityRecord;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.BrowserSessionFilter;
import io.authstore.storage.users.User;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

@ExtendWith(StorageExtension.class)
class CompatSessionRepositoryTest {

    private static final InetAddress FIRST_IP = InetAddress.ofLiteral("192.0.2.1");
    private static final InetAddress SECOND_IP = InetAddress.ofLiteral("2001:db8::2");

    static User user(TestStorage storage, String name) {
        tick(storage);
        return storage.saved(s -> s.user().add(storage.clock(), storage.random(), name));
    }

    static BrowserSession browserSession(TestStorage storage, User user) {
        tick(storage);
        return storage.saved(s -> s.browserSession().add(storage.clock(), storage.random(), user, Optional.empty()));
    }

    static CompatSession start(TestStorage storage, User user, String device) {
        tick(storage);
        return storage.saved(s -> s.compatSession()
                .add(storage.clock(), storage.random(), user, device, Optional.empty(), false, Optional.empty()));
    }

    private static CompatSession lookup(TestStorage storage, CompatSession session) {
        return storage.read(s -> s.compatSession().lookup(session.id()));
    }

    @Test
    void addedSessionIsFoundAndAnUnknownIdIsNot(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession browser = browserSession(storage, alice);
        tick(storage);
        CompatSession session = storage.saved(s -> s.compatSession().add(storage.clock(), storage.random(), alice,
                "DEVICE", Optional.of(browser), true, Optional.of("Element on a phone")));

        assertThat(session.userId()).isEqualTo(alice.id());
        assertThat(session.deviceId()).contains("DEVICE");
        assertThat(session.browserSessionId()).contains(browser.id());
        assertThat(session.synapseAdmin()).isTrue();
        assertThat(session.humanName()).contains("Element on a phone");
        assertThat(session.createdAt()).isEqualTo(storage.clock().now());
        assertThat(session.state()).isEqualTo(SessionState.ACTIVE);
        assertThat(session.userAgent()).isEmpty();
        assertThat(session.lastActiveAt()).isEmpty();
        assertThat(lookup(storage, session)).isEqualTo(session);
        assertThat(storage.<CompatSession>read(s -> s.compatSession().lookup(Ulid.minAt(Instant.EPOCH)))).isNull();
    }

    @Test
    void finishOnceThenTheRepeatAndTheStaleCopy(TestStorage storage) {
        CompatSession session = start(storage, user(storage, "alice"), "D1");
        storage.clock().advance(Duration.ofMinutes(5));

        CompatSession finished = storage.saved(s -> s.compatSession().finish(storage.clock(), session));
        assertThat(finished.state()).isEqualTo(new SessionState.Finished(storage.clock().now()));
        assertThat(lookup(storage, session)).isEqualTo(finished);

        assertThatThrownBy(() -> storage.saved(s -> s.compatSession().finish(storage.clock(), finished)))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("already finished");
        assertThatThrownBy(() -> storage.saved(s -> s.compatSession().finish(storage.clock(), session)))
                .as("a stale copy that still looks active")
                .isInstanceOf(NotAffectedException.class);
        assertThat(lookup(storage, session)).isEqualTo(finished);
    }

    @Test
    void failedStateChangesLeaveTheSessionUsable(TestStorage storage) {
        User alice = user(storage, "alice");
        CompatSession session = start(storage, alice, "D1");
        CompatSession ghost = new CompatSession(Ulid.minAt(Instant.EPOCH), alice.id(), Optional.of("X"),
                Optional.empty(), false, Instant.EPOCH, SessionState.ACTIVE, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        CompatSession named = storage.saved(s -> s.compatSession().finish(storage.clock(), ghost)
                .onErrorResume(NotAffectedException.class, e -> Mono.empty())
                .then(s.compatSession().recordUserAgent(ghost, "agent")
                        .onErrorResume(NotAffectedException.class, e -> Mono.empty()))
                .then(s.compatSession().setHumanName(ghost, Optional.of("x"))
                        .onErrorResume(NotAffectedException.class, e -> Mono.empty()))
                .then(s.compatSession().setHumanName(session, Optional.of("Laptop"))));
        assertThat(named.humanName()).contains("Laptop");
        assertThat(lookup(storage, session).humanName()).contains("Laptop");
    }

    @Test
    void userAgentAndHumanNameAreStoredAndTheNameCleared(TestStorage storage) {
        CompatSession session = start(storage, user(storage, "alice"), "D1");
        CompatSession withAgent = storage.saved(s -> s.compatSession().recordUserAgent(session, "Mozilla/5.0"));
        assertThat(withAgent.userAgent()).contains("Mozilla/5.0");
        CompatSession named = storage.saved(s -> s.compatSession().setHumanName(withAgent, Optional.of("Phone")));
        assertThat(lookup(storage, session)).isEqualTo(named);
        CompatSession unnamed = storage.saved(s -> s.compatSession().setHumanName(named, Optional.empty()));
        assertThat(unnamed.humanName()).isEmpty();
        assertThat(lookup(storage, session)).isEqualTo(unnamed);
        assertThatThrownBy(() -> storage.saved(s -> s.compatSession().recordUserAgent(session, "a\0b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userAgent");
        assertThatThrownBy(() -> storage.saved(s -> s.compatSession().setHumanName(session, Optional.of("\0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("humanName");
        assertThatThrownBy(() -> storage.saved(s -> s.compatSession().add(storage.clock(), storage.random(),
                new User(session.userId(), "alice", Instant.EPOCH, Optional.empty(), Optional.empty(), false, false),
                "dev\0", Optional.empty(), false, Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deviceId");
    }

    @Test
    void listCountAndFinishBulkShareEachFilter(TestStorage storage) {
        User alice = user(storage, "alice");
        User bob = user(storage, "bob");
        BrowserSession browser = browserSession(storage, alice);
        CompatSession aliceOld = start(storage, alice, "OLD");
        Instant afterFirst = storage.clock().now();
        tick(storage);
        CompatSession aliceSso = storage.saved(s -> s.compatSession().add(storage.clock(), storage.random(), alice,
                "SSO", Optional.of(browser), false, Optional.empty()));
        CompatSession bobs = start(storage, bob, "BOB");
        tick(storage);
        CompatSsoLogin login = storage.saved(s -> s.compatSsoLogin()
                .add(storage.clock(), storage.random(), "lt", URI.create("https://example.com/cb"))
                .flatMap(l -> s.compatSsoLogin().fulfill(storage.clock(), l, browser))
                .flatMap(l -> s.compatSsoLogin().exchange(storage.clock(), l, aliceSso)));
        storage.saved(s -> s.compatSession().recordBatchActivity(List.of(
                new ActivityRecord(aliceOld.id(), TestStorage.START.plusSeconds(100), Optional.empty()),
                new ActivityRecord(bobs.id(), TestStorage.START.plusSeconds(300), Optional.empty()))));
        CompatSession aliceOldStored = storage.saved(s -> s.compatSession().finish(storage.clock(), aliceOld)
                .then(s.compatSession().lookup(aliceOld.id())));
        CompatSession bobsStored = lookup(storage, bobs);

        CompatSessionFilter all = CompatSessionFilter.all();
        assertFilter(storage, all, aliceOldStored, aliceSso, bobsStored);
        assertFilter(storage, all.user(alice), aliceOldStored, aliceSso);
        assertFilter(storage, all.browserSession(browser), aliceSso);
        assertFilter(storage, all.browserSessions(BrowserSessionFilter.all().user(alice)), aliceSso);
        assertFilter(storage, all.browserSessions(BrowserSessionFilter.all().user(bob)));
        assertFilter(storage, all.browserSessions(BrowserSessionFilter.all().active()).active(), aliceSso);
        assertFilter(storage, all.active(), aliceSso, bobsStored);
        assertFilter(storage, all.finished(), aliceOldStored);
        assertFilter(storage, all.ssoLogin(), aliceSso);
        assertFilter(storage, all.unknown(), aliceOldStored, bobsStored);
        assertFilter(storage, all.device("BOB"), bobsStored);
        assertFilter(storage, all.device("NOPE"));
        assertFilter(storage, all.lastActiveBefore(TestStorage.START.plusSeconds(200)), aliceOldStored);
        assertFilter(storage, all.lastActiveAfter(TestStorage.START.plusSeconds(100)), bobsStored);
        assertFilter(storage, all.createdBefore(aliceSso.createdAt()), aliceOldStored);
        assertFilter(storage, all.createdAfter(afterFirst), aliceSso, bobsStored);
        assertFilter(storage, all.createdAfter(afterFirst).createdBefore(bobs.createdAt()), aliceSso);
        assertFilter(storage, all.user(alice).unknown().finished(), aliceOldStored);
        assertFilter(storage, all.user(bob).ssoLogin());

        // The SSO login a session was exchanged for comes with it.
        Page<CompatSessionWithLogin> page = storage.read(s -> s.compatSession().list(all, Pagination.first(10)));
        assertThat(page.items()).extracting(CompatSessionWithLogin::ssoLogin)
                .containsExactly(Optional.empty(), Optional.of(login), Optional.empty());

        // A pending login (compat_session_id NULL) must not hide the sessions without a login from "unknown".
        storage.saved(s -> s.compatSsoLogin().add(storage.clock(), storage.random(), "pending",
                URI.create("https://example.com/cb")));
        assertFilter(storage, all.unknown(), aliceOldStored, bobsStored);

        storage.clock().advance(Duration.ofHours(1));
        assertThat(storage.<Long>saved(s -> s.compatSession().finishBulk(storage.clock(),
                all.active().lastActiveBefore(TestStorage.START.plusSeconds(200)))))
                .as("active and idle since before +200 s: none").isZero();
        assertThat(storage.<Long>saved(s -> s.compatSession().finishBulk(storage.clock(), all.user(alice))))
                .as("only alice's active one").isEqualTo(1);
        assertThat(lookup(storage, aliceSso).state()).isEqualTo(new SessionState.Finished(storage.clock().now()));
        assertThat(lookup(storage, aliceOld)).as("already finished: untouched").isEqualTo(aliceOldStored);
        assertThat(lookup(storage, bobs).isActive()).isTrue();
        assertThat(storage.<Long>saved(s -> s.compatSession().finishBulk(storage.clock(), all.user(alice))))
                .as("a repeat finds nothing left to finish").isZero();
    }

    private static void assertFilter(TestStorage storage, CompatSessionFilter filter, CompatSession... expected) {
        Page<CompatSessionWithLogin> page = storage.read(s -> s.compatSession().list(filter, Pagination.first(10)));
        assertThat(page.items()).extracting(CompatSessionWithLogin::session).as(filter.toString())
                .containsExactly(expected);
        assertThat(storage.<Long>read(s -> s.compatSession().count(filter))).as(filter.toString())
                .isEqualTo(expected.length);
    }

    @Test
    void pagesForwardAndBackward(TestStorage storage) {
        User alice = user(storage, "alice");
        List<CompatSession> sessions = List.of(start(storage, alice, "A"), start(storage, alice, "B"),
                start(storage, alice, "C"), start(storage, alice, "D"), start(storage, alice, "E"));
        CompatSessionFilter all = CompatSessionFilter.all().user(alice);

        Page<CompatSessionWithLogin> first = storage.read(s -> s.compatSession().list(all, Pagination.first(2)));
        assertThat(first.items()).extracting(CompatSessionWithLogin::session)
                .containsExactly(sessions.get(0), sessions.get(1));
        assertThat(first.hasNextPage()).isTrue();
        Page<CompatSessionWithLogin> second = storage.read(s -> s.compatSession()
                .list(all, Pagination.first(2).after(first.endCursor().orElseThrow())));
        assertThat(second.items()).extracting(CompatSessionWithLogin::session)
                .containsExactly(sessions.get(2), sessions.get(3));
        Page<CompatSessionWithLogin> third = storage.read(s -> s.compatSession()
                .list(all, Pagination.first(2).after(second.endCursor().orElseThrow())));
        assertThat(third.items()).extracting(CompatSessionWithLogin::session).containsExactly(sessions.get(4));
        assertThat(third.hasNextPage()).isFalse();

        Page<CompatSessionWithLogin> last = storage.read(s -> s.compatSession().list(all, Pagination.last(2)));
        assertThat(last.items()).extracting(CompatSessionWithLogin::session)
                .containsExactly(sessions.get(3), sessions.get(4));
        assertThat(last.hasPreviousPage()).isTrue();
        Page<CompatSessionWithLogin> before = storage.read(s -> s.compatSession()
                .list(all, Pagination.last(2).before(last.startCursor().orElseThrow())));
        assertThat(before.items()).extracting(CompatSessionWithLogin::session)
                .containsExactly(sessions.get(1), sessions.get(2));
        Page<CompatSessionWithLogin> earliest = storage.read(s -> s.compatSession()
                .list(all, Pagination.last(2).before(before.startCursor().orElseThrow())));
        assertThat(earliest.items()).extracting(CompatSessionWithLogin::session).containsExactly(sessions.get(0));
        assertThat(earliest.hasPreviousPage()).isFalse();
    }

    @Test
    void batchActivityKeepsTheLatestTimeAndAKnownAddressAndSkipsMissingSessions(TestStorage storage) {
        User alice = user(storage, "alice");
        CompatSession first = start(storage, alice, "A");
        CompatSession second = start(storage, alice, "B");
        Instant t1 = TestStorage.START.plusSeconds(100);
        Instant t2 = TestStorage.START.plusSeconds(200);
        storage.saved(s -> s.compatSession().recordBatchActivity(List.of(
                new ActivityRecord(first.id(), t2, Optional.of(FIRST_IP)),
                new ActivityRecord(first.id(), t1, Optional.of(SECOND_IP)),
                new ActivityRecord(second.id(), t1, Optional.of(SECOND_IP)),
                new ActivityRecord(Ulid.minAt(Instant.EPOCH), t1, Optional.empty()))));
        assertThat(lookup(storage, first).lastActiveAt()).contains(t2);
        assertThat(lookup(storage, first).lastActiveIp()).contains(FIRST_IP);
        assertThat(lookup(storage, second).lastActiveIp()).contains(SECOND_IP);

        storage.saved(s -> s.compatSession().recordBatchActivity(List.of(
                new ActivityRecord(first.id(), t1, Optional.empty()),
                new ActivityRecord(second.id(), t2, Optional.empty()))));
        assertThat(lookup(storage, first).lastActiveAt()).as("never backwards").contains(t2);
        assertThat(lookup(storage, second).lastActiveAt()).contains(t2);
        assertThat(lookup(storage, second).lastActiveIp()).as("no address: the known one stays").contains(SECOND_IP);
        storage.saved(s -> s.compatSession().recordBatchActivity(List.of()));
    }

    @Test
    void cleanupFinishedDeletesInBatchesWithItsTokensAndLogins(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession browser = browserSession(storage, alice);
        CompatSession[] finished = new CompatSession[3];
        for (int i = 0; i < 3; i++) {
            CompatSession session = start(storage, alice, "F" + i);
            String suffix = Integer.toString(i);
            finished[i] = storage.saved(s -> s.compatAccessToken()
                    .add(storage.clock(), storage.random(), session, "at-" + suffix, Optional.empty())
                    .flatMap(at -> s.compatRefreshToken()
                            .add(storage.clock(), storage.random(), session, at, "rt-" + suffix))
                    .then(s.compatSsoLogin().add(storage.clock(), storage.random(), "lt-" + suffix,
                            URI.create("https://example.com/cb")))
                    .flatMap(l -> s.compatSsoLogin().fulfill(storage.clock(), l, browser))
                    .flatMap(l -> s.compatSsoLogin().exchange(storage.clock(), l, session))
                    .then(s.compatSession().finish(storage.clock(), session)));
        }
        CompatSession active = start(storage, alice, "ACTIVE");
        CompatSession finishedLater = start(storage, alice, "LATER");
        Instant until = storage.clock().now().plusMillis(1);
        storage.clock().advance(Duration.ofMinutes(1));
        storage.saved(s -> s.compatSession().finish(storage.clock(), finishedLater));

        Cleanup batch1 = storage.saved(s -> s.compatSession().cleanupFinished(null, until, 2));
        assertThat(batch1.affected()).isEqualTo(2);
        assertThat(batch1.resumeFrom()).isEqualTo(finished[1].finishedAt());
        assertThat(batch1.mayHaveMore(2)).isTrue();
        Cleanup batch2 = storage.saved(s -> s.compatSession()
                .cleanupFinished(batch1.resumeFrom().orElseThrow(), until, 2));
        assertThat(batch2.affected()).isEqualTo(1);
        assertThat(batch2.resumeFrom()).isEqualTo(finished[2].finishedAt());
        Cleanup batch3 = storage.saved(s -> s.compatSession()
                .cleanupFinished(batch2.resumeFrom().orElseThrow(), until, 2));
        assertThat(batch3).isEqualTo(Cleanup.NOTHING);

        for (CompatSession session : finished) {
            assertThat(lookup(storage, session)).isNull();
        }
        assertThat(lookup(storage, active)).isNotNull();
        assertThat(lookup(storage, finishedLater)).as("finished after until").isNotNull();
        assertThat(storage.sql().fetchCount(COMPAT_ACCESS_TOKENS)).isZero();
        assertThat(storage.sql().fetchCount(COMPAT_REFRESH_TOKENS)).isZero();
        assertThat(storage.sql().fetchCount(COMPAT_SSO_LOGINS)).isZero();
        assertThat(storage.sql().fetchCount(COMPAT_SESSIONS)).isEqualTo(2);
        assertThatThrownBy(() -> storage.saved(s -> s.compatSession().cleanupFinished(null, until, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cleanupInactiveIpsForgetsOldAddressesInBatches(TestStorage storage) {
        User alice = user(storage, "alice");
        CompatSession[] sessions = new CompatSession[4];
        for (int i = 0; i < 4; i++) {
            sessions[i] = start(storage, alice, "S" + i);
        }
        Instant[] at = new Instant[4];
        for (int i = 0; i < 4; i++) {
            at[i] = TestStorage.START.plusSeconds(100L * (i + 1));
        }
        storage.saved(s -> s.compatSession().recordBatchActivity(Arrays.asList(
                new ActivityRecord(sessions[0].id(), at[0], Optional.of(FIRST_IP)),
                new ActivityRecord(sessions[1].id(), at[1], Optional.of(FIRST_IP)),
                new ActivityRecord(sessions[2].id(), at[2], Optional.of(FIRST_IP)),
                new ActivityRecord(sessions[3].id(), at[3], Optional.of(FIRST_IP)))));
        Instant threshold = at[3];

        Cleanup batch1 = storage.saved(s -> s.compatSession().cleanupInactiveIps(null, threshold, 2));
        assertThat(batch1).isEqualTo(new Cleanup(2, Optional.of(at[1])));
        Cleanup batch2 = storage.saved(s -> s.compatSession().cleanupInactiveIps(at[1], threshold, 2));
        assertThat(batch2).isEqualTo(new Cleanup(1, Optional.of(at[2])));
        Cleanup batch3 = storage.saved(s -> s.compatSession().cleanupInactiveIps(at[2], threshold, 2));
        assertThat(batch3).isEqualTo(Cleanup.NOTHING);
        for (int i = 0; i < 3; i++) {
            assertThat(lookup(storage, sessions[i]).lastActiveIp()).isEmpty();
            assertThat(lookup(storage, sessions[i]).lastActiveAt()).contains(at[i]);
        }
        assertThat(lookup(storage, sessions[3]).lastActiveIp()).as("active at the threshold").contains(FIRST_IP);
    }

    @Test
    void accessTokenOfAnotherSessionIsRefusedForARefreshToken(TestStorage storage) {
        User alice = user(storage, "alice");
        CompatSession one = start(storage, alice, "ONE");
        CompatSession two = start(storage, alice, "TWO");
        CompatAccessToken token = storage.saved(s -> s.compatAccessToken()
                .add(storage.clock(), storage.random(), one, "at", Optional.empty()));
        assertThatThrownBy(() -> storage.saved(s -> s.compatRefreshToken()
                .add(storage.clock(), storage.random(), two, token, "rt")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
