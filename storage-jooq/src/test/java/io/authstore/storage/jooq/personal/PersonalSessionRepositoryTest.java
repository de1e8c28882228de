package io.authstore.storage.jooq.personal;

import static io.authstore.snapshot.Tables.PERSONAL_ACCESS_TOKENS;
import static io.authstore.storage.jooq.personal.PersonalFixtures.client;
import static io.authstore.storage.jooq.personal.PersonalFixtures.session;
import static io.authstore.storage.jooq.personal.PersonalFixtures.tick;
import static io.authstore.storage.jooq.personal.PersonalFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.oauth2.Devices;
import io.authstore.storage.personal.PersonalAccessToken;
import io.authstore.storage.personal.PersonalSession;
import io.authstore.storage.personal.PersonalSessionFilter;
import io.authstore.storage.personal.PersonalSessionOwner;
import io.authstore.storage.personal.PersonalSessionState;
import io.authstore.storage.personal.PersonalSessionWithToken;
import io.authstore.storage.users.ActivityRecord;
import io.authstore.storage.users.User;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StorageExtension.class)
class PersonalSessionRepositoryTest {

    private static final InetAddress IP = InetAddress.ofLiteral("192.0.2.7");

    private static PersonalSession lookup(TestStorage storage, PersonalSession session) {
        return storage.read(s -> s.personalSession().lookup(session.id()));
    }

    private static PersonalAccessToken token(TestStorage storage, PersonalSession session, String value,
            Optional<Duration> expiresAfter) {
        return storage.saved(s -> s.personalAccessToken()
                .add(storage.clock(), storage.random(), session, value, expiresAfter));
    }

    @Test
    void addedSessionsOfAUserAndOfAClientAreFound(TestStorage storage) {
        User admin = user(storage, "admin");
        User bot = user(storage, "bot");
        Ulid client = client(storage);
        PersonalSession byUser = session(storage, PersonalSessionOwner.user(admin), bot, Set.of("openid", "b", "a"));
        PersonalSession byClient = session(storage, PersonalSessionOwner.oauth2Client(client), bot, Set.of("x"));

        assertThat(byUser.owner()).isEqualTo(new PersonalSessionOwner.OwnerUser(admin.id()));
        assertThat(byUser.scope()).containsExactly("a", "b", "openid");
        assertThat(byUser.humanName()).isEqualTo("Token for bot");
        assertThat(byUser.createdAt()).isEqualTo(TestStorage.START.plusSeconds(3));
        assertThat(byUser.state()).isEqualTo(PersonalSessionState.ACTIVE);
        assertThat(byUser.hasDevice()).isFalse();
        assertThat(byClient.owner()).isEqualTo(new PersonalSessionOwner.OwnerOAuth2Client(client));
        assertThat(lookup(storage, byUser)).isEqualTo(byUser);
        assertThat(lookup(storage, byClient)).isEqualTo(byClient);
        assertThat(storage.<PersonalSession>read(s -> s.personalSession().lookup(Ulid.minAt(Instant.EPOCH)))).isNull();
        assertThatThrownBy(() -> storage.saved(s -> s.personalSession().add(storage.clock(), storage.random(),
                PersonalSessionOwner.user(admin), bot, "a\0b", Set.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("humanName");
        assertThatThrownBy(() -> storage.saved(s -> s.personalSession().add(storage.clock(), storage.random(),
                PersonalSessionOwner.user(admin), bot, "ok", Set.of("a\0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scope");
    }

    @Test
    void revokeRevokesTheTokenTooAndRefusesTheRepeatAndTheStaleCopy(TestStorage storage) {
        User bot = user(storage, "bot");
        PersonalSession session = session(storage, PersonalSessionOwner.user(bot), bot, Set.of("openid"));
        PersonalAccessToken token = token(storage, session, "mpt_one", Optional.empty());
        storage.clock().advance(Duration.ofMinutes(1));

        PersonalSession revoked = storage.saved(s -> s.personalSession().revoke(storage.clock(), session));
        assertThat(revoked.state()).isEqualTo(new PersonalSessionState.Revoked(storage.clock().now()));
        assertThat(lookup(storage, session)).isEqualTo(revoked);
        assertThat(storage.<PersonalAccessToken>read(s -> s.personalAccessToken().lookup(token.id())).revokedAt())
                .contains(storage.clock().now());

        assertThatThrownBy(() -> storage.saved(s -> s.personalSession().revoke(storage.clock(), revoked)))
                .isInstanceOf(InvalidTransitionException.class).hasMessageContaining("already revoked");
        storage.clock().advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> storage.saved(s -> s.personalSession().revoke(storage.clock(), session)))
                .as("a stale copy that still looks active").isInstanceOf(NotAffectedException.class);
        assertThat(lookup(storage, session)).isEqualTo(revoked);
    }

    @Test
    void listCountAndRevokeBulkShareEachFilter(TestStorage storage) {
        User alice = user(storage, "alice");
        User bot = user(storage, "bot");
        Ulid client = client(storage);
        Set<String> withDevice = new java.util.HashSet<>(Set.of("openid"));
        withDevice.add(Devices.UNSTABLE_SCOPE_PREFIX + "DEVICE1");
        PersonalSession alicesForBot = session(storage, PersonalSessionOwner.user(alice), bot, withDevice);
        PersonalSession botsOwn = session(storage, PersonalSessionOwner.user(bot), bot, Set.of("openid", "email"));
        PersonalSession clients = session(storage, PersonalSessionOwner.oauth2Client(client), alice,
                Set.of(Devices.STABLE_SCOPE_PREFIX + "DEVICE2"));
        PersonalSession revoked = session(storage, PersonalSessionOwner.user(alice), alice, Set.of("openid"));
        Instant now = storage.clock().now();
        PersonalAccessToken expiring = token(storage, alicesForBot, "mpt_a", Optional.of(Duration.ofDays(1)));
        PersonalAccessToken forever = token(storage, botsOwn, "mpt_b", Optional.empty());
        PersonalAccessToken revokedToken = token(storage, clients, "mpt_c", Optional.of(Duration.ofDays(3)));
        storage.saved(s -> s.personalAccessToken().revoke(storage.clock(), revokedToken));
        storage.saved(s -> s.personalSession().recordBatchActivity(List.of(
                new ActivityRecord(alicesForBot.id(), TestStorage.START.plusSeconds(100), Optional.of(IP)),
                new ActivityRecord(botsOwn.id(), TestStorage.START.plusSeconds(300), Optional.empty()),
                new ActivityRecord(Ulid.minAt(Instant.EPOCH), TestStorage.START, Optional.empty()))));
        PersonalSession revokedStored = storage.saved(s -> s.personalSession().revoke(storage.clock(), revoked));
        PersonalSession alicesStored = lookup(storage, alicesForBot);
        PersonalSession botsStored = lookup(storage, botsOwn);
        assertThat(alicesStored.lastActiveAt()).contains(TestStorage.START.plusSeconds(100));
        assertThat(alicesStored.lastActiveIp()).contains(IP);
        assertThat(alicesStored.hasDevice()).isTrue();

        PersonalSessionFilter all = PersonalSessionFilter.all();
        assertFilter(storage, all, alicesStored, botsStored, clients, revokedStored);
        assertFilter(storage, all.ownerUser(alice), alicesStored, revokedStored);
        assertFilter(storage, all.ownerOAuth2Client(client), clients);
        assertFilter(storage, all.actorUser(bot), alicesStored, botsStored);
        assertFilter(storage, all.device("DEVICE1"), alicesStored);
        assertFilter(storage, all.device("DEVICE2"), clients);
        assertFilter(storage, all.device("has space"));
        assertFilter(storage, all.active(), alicesStored, botsStored, clients);
        assertFilter(storage, all.revoked(), revokedStored);
        assertFilter(storage, all.scope(Set.of("openid")), alicesStored, botsStored, revokedStored);
        assertFilter(storage, all.scope(Set.of("openid", "email")), botsStored);
        assertFilter(storage, all.lastActiveBefore(TestStorage.START.plusSeconds(200)), alicesStored);
        assertFilter(storage, all.lastActiveAfter(TestStorage.START.plusSeconds(100)), botsStored);
        assertFilter(storage, all.expires(true), alicesStored);
        assertFilter(storage, all.expires(false), botsStored, clients, revokedStored);
        assertFilter(storage, all.active().expires(false), botsStored, clients);
        assertFilter(storage, all.expiresBefore(now.plus(Duration.ofDays(2))), alicesStored);
        assertFilter(storage, all.expiresAfter(now.plus(Duration.ofHours(1))), alicesStored);
        assertFilter(storage, all.expiresAfter(now.plus(Duration.ofDays(2))));

        // The token that comes with a listed session is its unrevoked one.
        Page<PersonalSessionWithToken> page = storage.read(s -> s.personalSession().list(all, Pagination.first(10)));
        assertThat(page.items()).extracting(PersonalSessionWithToken::activeToken)
                .containsExactly(Optional.of(expiring), Optional.of(forever), Optional.empty(), Optional.empty());

        storage.clock().advance(Duration.ofHours(1));
        assertThat(storage.<Long>saved(s -> s.personalSession().revokeBulk(storage.clock(), all.actorUser(bot)
                .expires(false)))).isEqualTo(1);
        assertThat(lookup(storage, botsOwn).state())
                .isEqualTo(new PersonalSessionState.Revoked(storage.clock().now()));
        assertThat(storage.<PersonalAccessToken>read(s -> s.personalAccessToken().lookup(forever.id())).revokedAt())
                .as("its token too").contains(storage.clock().now());
        assertThat(storage.<Long>saved(s -> s.personalSession().revokeBulk(storage.clock(), all))).isEqualTo(2);
        assertThat(lookup(storage, revoked)).as("already revoked: untouched").isEqualTo(revokedStored);
        assertThat(storage.<Long>saved(s -> s.personalSession().revokeBulk(storage.clock(), all)))
                .as("a repeat finds nothing left").isZero();
        assertThat(storage.sql().fetchCount(PERSONAL_ACCESS_TOKENS, PERSONAL_ACCESS_TOKENS.REVOKED_AT.isNull()))
                .isZero();
    }

    private static void assertFilter(TestStorage storage, PersonalSessionFilter filter, PersonalSession... expected) {
        Page<PersonalSessionWithToken> page = storage.read(s -> s.personalSession().list(filter, Pagination.first(10)));
        assertThat(page.items()).extracting(PersonalSessionWithToken::session).as(filter.toString())
                .containsExactly(expected);
        assertThat(storage.<Long>read(s -> s.personalSession().count(filter))).as(filter.toString())
                .isEqualTo(expected.length);
    }

    @Test
    void pagesForwardAndBackward(TestStorage storage) {
        User bot = user(storage, "bot");
        List<PersonalSession> sessions = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sessions.add(session(storage, PersonalSessionOwner.user(bot), bot, Set.of("s" + i)));
        }
        PersonalSessionFilter all = PersonalSessionFilter.all().actorUser(bot);
        Page<PersonalSessionWithToken> first = storage.read(s -> s.personalSession().list(all, Pagination.first(3)));
        assertThat(first.items()).extracting(PersonalSessionWithToken::session)
                .containsExactlyElementsOf(sessions.subList(0, 3));
        assertThat(first.hasNextPage()).isTrue();
        Page<PersonalSessionWithToken> next = storage.read(s -> s.personalSession()
                .list(all, Pagination.first(3).after(first.endCursor().orElseThrow())));
        assertThat(next.items()).extracting(PersonalSessionWithToken::session)
                .containsExactlyElementsOf(sessions.subList(3, 5));
        assertThat(next.hasNextPage()).isFalse();
        Page<PersonalSessionWithToken> last = storage.read(s -> s.personalSession().list(all, Pagination.last(2)));
        assertThat(last.items()).extracting(PersonalSessionWithToken::session)
                .containsExactlyElementsOf(sessions.subList(3, 5));
        assertThat(last.hasPreviousPage()).isTrue();
        Page<PersonalSessionWithToken> previous = storage.read(s -> s.personalSession()
                .list(all, Pagination.last(5).before(last.startCursor().orElseThrow())));
        assertThat(previous.items()).extracting(PersonalSessionWithToken::session)
                .containsExactlyElementsOf(sessions.subList(0, 3));
        assertThat(previous.hasPreviousPage()).isFalse();
    }

    @Test
    void batchActivityNeverGoesBackwards(TestStorage storage) {
        User bot = user(storage, "bot");
        PersonalSession session = session(storage, PersonalSessionOwner.user(bot), bot, Set.of("openid"));
        Instant later = TestStorage.START.plusSeconds(500);
        storage.saved(s -> s.personalSession().recordBatchActivity(List.of(
                new ActivityRecord(session.id(), later, Optional.of(IP)))));
        storage.saved(s -> s.personalSession().recordBatchActivity(List.of(
                new ActivityRecord(session.id(), TestStorage.START, Optional.empty()))));
        tick(storage);
        assertThat(lookup(storage, session).lastActiveAt()).contains(later);
        assertThat(lookup(storage, session).lastActiveIp()).contains(IP);
    }
}
