package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.USERS;
import static io.authstore.snapshot.Tables.USER_UNSUPPORTED_THIRD_PARTY_IDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.ConflictException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Convert;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserFilter;
import io.authstore.storage.users.UserState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@ExtendWith(StorageExtension.class)
class UserRepositoryTest {

    private static User add(TestStorage storage, String username) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(session -> session.user().add(storage.clock(), storage.random(), username));
    }

    @Test
    void addedUserIsFoundByIdWithTheClocksTimeAndDefaults(TestStorage storage) {
        User alice = add(storage, "alice");

        assertThat(alice.username()).isEqualTo("alice");
        assertThat(alice.createdAt()).isEqualTo(storage.clock().now());
        assertThat(alice.id().timestamp()).isEqualTo(storage.clock().now());
        assertThat(alice.isActive()).isTrue();
        assertThat(alice.canRequestAdmin()).isFalse();
        assertThat(alice.isGuest()).isFalse();
        assertThat(storage.<User>read(session -> session.user().lookup(alice.id()))).isEqualTo(alice);
    }

    @Test
    void idsAreReproducibleFromTheSeededRandomSourceAndFrozenClock(TestStorage storage) {
        User first = add(storage, "alice");
        assertThat(first.id().toString()).as("same seed and start time on every run").isEqualTo(
                Ulid.generate(new io.authstore.storage.FrozenClock(TestStorage.START.plusSeconds(1)),
                        io.authstore.storage.RandomSource.seeded(TestStorage.SEED)).toString());
    }

    @Test
    void lookupOfAnAbsentIdIsEmptyNotAnError(TestStorage storage) {
        assertThat(storage.<User>read(session -> session.user().lookup(Ulid.parse("01KC0000000000000000000000"))))
                .isNull();
        assertThat(storage.<User>read(session -> session.user().findByUsername("nobody"))).isNull();
    }

    @Test
    void findByUsernameIgnoresCaseAndPrefersTheExactMatch(TestStorage storage) {
        User lower = add(storage, "alice");
        User mixed = add(storage, "Alice");
        User single = add(storage, "Bob");

        assertThat(storage.<User>read(session -> session.user().findByUsername("Alice"))).isEqualTo(mixed);
        assertThat(storage.<User>read(session -> session.user().findByUsername("alice"))).isEqualTo(lower);
        assertThat(storage.<User>read(session -> session.user().findByUsername("ALICE")))
                .as("several differ only by case and none is spelled so: none, as in MAS").isNull();
        assertThat(storage.<User>read(session -> session.user().findByUsername("BOB")))
                .as("the only case-insensitive match").isEqualTo(single);
        assertThat(storage.<Boolean>read(session -> session.user().exists("aLiCe"))).isTrue();
        assertThat(storage.<Boolean>read(session -> session.user().exists("bob"))).isTrue();
        assertThat(storage.<Boolean>read(session -> session.user().exists("carol"))).isFalse();
    }

    @Test
    void aTakenUsernameIsAConflictThatLeavesTheSessionUsable(TestStorage storage) {
        add(storage, "alice");

        List<String> saved = storage.saved(session -> session.user()
                .add(storage.clock(), storage.random(), "alice")
                .map(User::username)
                .onErrorResume(ConflictException.class, conflict -> {
                    assertThat(conflict.constraint()).isEqualTo("users_username_unique");
                    assertThat(conflict).hasMessageContaining("'alice' is already taken");
                    return session.user().add(storage.clock(), storage.random(), "alice2").map(User::username);
                })
                .flux()
                .collectList());

        assertThat(saved).containsExactly("alice2");
        assertThat(storage.<Long>read(session -> session.user().count(UserFilter.all()))).isEqualTo(2L);
    }

    @Test
    void lockUnlockDeactivateReactivateAndTheirRepeats(TestStorage storage) {
        User alice = add(storage, "alice");

        User locked = storage.saved(session -> session.user().lock(storage.clock(), alice));
        assertThat(locked.lockedAt()).contains(storage.clock().now());
        assertThat(storage.<User>read(session -> session.user().lookup(alice.id()))).isEqualTo(locked);
        storage.clock().advance(Duration.ofMinutes(1));
        assertThat(storage.<User>saved(session -> session.user().lock(storage.clock(), locked)))
                .as("locking a locked user returns it unchanged").isEqualTo(locked);

        User unlocked = storage.saved(session -> session.user().unlock(locked));
        assertThat(unlocked.lockedAt()).isEmpty();
        assertThat(storage.<User>saved(session -> session.user().unlock(unlocked))).isEqualTo(unlocked);

        storage.clock().advance(Duration.ofMinutes(1));
        User deactivated = storage.saved(session -> session.user().deactivate(storage.clock(), unlocked));
        assertThat(deactivated.deactivatedAt()).contains(storage.clock().now());
        storage.clock().advance(Duration.ofMinutes(1));
        assertThat(storage.<User>saved(session -> session.user().deactivate(storage.clock(), deactivated)))
                .as("deactivating again keeps the first time").isEqualTo(deactivated);

        User reactivated = storage.saved(session -> session.user().reactivate(deactivated));
        assertThat(reactivated).isEqualTo(alice);
        assertThat(storage.<User>read(session -> session.user().lookup(alice.id()))).isEqualTo(alice);
        assertThat(storage.<User>saved(session -> session.user().reactivate(reactivated))).isEqualTo(alice);
    }

    @Test
    void aStaleCopyGetsMasResultWithoutLosingTheFirstTimestamp(TestStorage storage) {
        User alice = add(storage, "alice");
        User locked = storage.saved(session -> session.user().lock(storage.clock(), alice));
        storage.clock().advance(Duration.ofMinutes(1));

        // Locking through the unlocked copy succeeds, as in MAS, but keeps when the user was first locked.
        assertThat(storage.<User>saved(session -> session.user().lock(storage.clock(), alice)))
                .isEqualTo(locked);
        // Unlocking and reactivating through stale copies succeed and return the row as stored.
        User unlocked = storage.saved(session -> session.user().unlock(locked));
        assertThat(storage.<User>saved(session -> session.user().unlock(locked))).isEqualTo(unlocked);
        User deactivated = storage.saved(session -> session.user().deactivate(storage.clock(), unlocked));
        User reactivated = storage.saved(session -> session.user().reactivate(deactivated));
        assertThat(storage.<User>saved(session -> session.user().reactivate(deactivated))).isEqualTo(reactivated);

        // Deactivating through an active copy of a deactivated user fails, as MAS's guarded UPDATE does.
        storage.saved(session -> session.user().deactivate(storage.clock(), reactivated));
        assertThatThrownBy(() -> storage.saved(session -> session.user().deactivate(storage.clock(), reactivated)))
                .isInstanceOf(NotAffectedException.class)
                .hasMessageContaining("db.user.deactivate")
                .hasMessageContaining(alice.id().toString());
    }

    @Test
    void deleteUnsupportedThreepidsDeletesOnlyThatUsersAndCountsThem(TestStorage storage) {
        User alice = add(storage, "alice");
        User bob = add(storage, "bob");
        for (var row : List.of(List.of(alice, "email", "alice@example.com"), List.of(alice, "msisdn", "447700900000"),
                List.of(bob, "email", "bob@example.com"))) {
            storage.sql().insertInto(USER_UNSUPPORTED_THIRD_PARTY_IDS)
                    .set(USER_UNSUPPORTED_THIRD_PARTY_IDS.USER_ID, ((User) row.get(0)).id().toUuid())
                    .set(USER_UNSUPPORTED_THIRD_PARTY_IDS.MEDIUM, (String) row.get(1))
                    .set(USER_UNSUPPORTED_THIRD_PARTY_IDS.ADDRESS, (String) row.get(2))
                    .set(USER_UNSUPPORTED_THIRD_PARTY_IDS.CREATED_AT, Convert.timestamp(storage.clock().now()))
                    .execute();
        }

        assertThat(storage.<Long>saved(session -> session.user().deleteUnsupportedThreepids(alice))).isEqualTo(2);
        assertThat(storage.<Long>saved(session -> session.user().deleteUnsupportedThreepids(alice))).isZero();
        assertThat(storage.sql().fetch(USER_UNSUPPORTED_THIRD_PARTY_IDS).getValues(
                USER_UNSUPPORTED_THIRD_PARTY_IDS.ADDRESS)).containsExactly("bob@example.com");
    }

    @Test
    void setCanRequestAdmin(TestStorage storage) {
        User alice = add(storage, "alice");
        User admin = storage.saved(session -> session.user().setCanRequestAdmin(alice, true));
        assertThat(admin.canRequestAdmin()).isTrue();
        assertThat(storage.<User>read(session -> session.user().lookup(alice.id()))).isEqualTo(admin);
    }

    @Test
    void listAndCountAgreeForEveryFilter(TestStorage storage) {
        User active = add(storage, "active_user");
        User toLock = add(storage, "locked_user");
        User locked = storage.saved(s -> s.user().lock(storage.clock(), toLock));
        User toDeactivate = add(storage, "gone_user");
        User deactivated = storage.saved(s -> s.user().deactivate(storage.clock(), toDeactivate));
        User toPromote = add(storage, "admin_user");
        User admin = storage.saved(s -> s.user().setCanRequestAdmin(toPromote, true));
        User literal = add(storage, "100%_sure");
        User both = add(storage, "both_user");
        User bothLocked = storage.saved(s -> s.user().lock(storage.clock(), both));
        User lockedAndGone = storage.saved(s -> s.user().deactivate(storage.clock(), bothLocked));
        storage.clock().advance(Duration.ofSeconds(1));
        Ulid guestId = Ulid.generate(storage.clock(), storage.random());
        storage.sql().insertInto(USERS) // the repository creates no guests: MAS imports them from Synapse
                .set(USERS.USER_ID, guestId.toUuid())
                .set(USERS.USERNAME, "guest_1")
                .set(USERS.CREATED_AT, Convert.timestamp(storage.clock().now()))
                .set(USERS.IS_GUEST, true)
                .execute();
        User guest = storage.read(s -> s.user().lookup(guestId));

        assertFilter(storage, UserFilter.all(), active, locked, deactivated, admin, literal, lockedAndGone, guest);
        assertFilter(storage, UserFilter.all().state(UserState.ACTIVE), active, admin, literal, guest);
        // As MAS's locked_only: locked, whether deactivated or not
        assertFilter(storage, UserFilter.all().state(UserState.LOCKED), locked, lockedAndGone);
        // locked and deactivated counts as deactivated too
        assertFilter(storage, UserFilter.all().state(UserState.DEACTIVATED), deactivated, lockedAndGone);
        assertFilter(storage, UserFilter.all().canRequestAdmin(true), admin);
        assertFilter(storage, UserFilter.all().canRequestAdmin(false), active, locked, deactivated, literal,
                lockedAndGone, guest);
        assertFilter(storage, UserFilter.all().guest(false), active, locked, deactivated, admin, literal,
                lockedAndGone);
        assertFilter(storage, UserFilter.all().guest(true), guest);
        assertFilter(storage, UserFilter.all().guest(true).state(UserState.ACTIVE).search("guest"), guest);
        assertFilter(storage, UserFilter.all().search("USER"), active, locked, deactivated, admin, lockedAndGone);
        assertFilter(storage, UserFilter.all().search("_user"), active, locked, deactivated, admin, lockedAndGone);
        assertFilter(storage, UserFilter.all().search("%_"), literal);
        assertFilter(storage, UserFilter.all().search("0%"), literal);
        assertFilter(storage, UserFilter.all().search("ve_u"), active);
        assertFilter(storage, UserFilter.all().state(UserState.ACTIVE).canRequestAdmin(false).search("user"), active);
    }

    private static void assertFilter(TestStorage storage, UserFilter filter, User... expected) {
        Page<User> page = storage.read(session -> session.user().list(filter, Pagination.first(100)));
        assertThat(page.items()).as(filter.toString()).containsExactly(expected);
        assertThat(storage.<Long>read(session -> session.user().count(filter))).as(filter.toString())
                .isEqualTo((long) expected.length);
    }

    @Test
    void paginatesForwardAndBackwardAcrossPageEdges(TestStorage storage) {
        List<User> users = storage.saved(session -> Flux.range(0, 7)
                .concatMap(i -> {
                    storage.clock().advance(Duration.ofMillis(1));
                    return session.user().add(storage.clock(), storage.random(), "user" + i);
                })
                .collectList());

        Page<User> first = list(storage, Pagination.first(3));
        assertThat(first.items()).containsExactlyElementsOf(users.subList(0, 3));
        assertThat(first.hasNextPage()).isTrue();
        assertThat(first.hasPreviousPage()).isFalse();
        assertThat(first.endCursor()).contains(users.get(2).id());

        Page<User> second = list(storage, Pagination.first(3).after(first.endCursor().orElseThrow()));
        assertThat(second.items()).containsExactlyElementsOf(users.subList(3, 6));
        assertThat(second.hasNextPage()).isTrue();

        Page<User> third = list(storage, Pagination.first(3).after(second.endCursor().orElseThrow()));
        assertThat(third.items()).containsExactly(users.get(6));
        assertThat(third.hasNextPage()).isFalse();

        Page<User> exactlyFull = list(storage, Pagination.first(7));
        assertThat(exactlyFull.items()).hasSize(7);
        assertThat(exactlyFull.hasNextPage()).as("a page exactly as large as the rest has no next").isFalse();

        Page<User> last = list(storage, Pagination.last(3));
        assertThat(last.items()).as("still oldest first").containsExactlyElementsOf(users.subList(4, 7));
        assertThat(last.hasPreviousPage()).isTrue();
        assertThat(last.hasNextPage()).isFalse();

        Page<User> before = list(storage, Pagination.last(3).before(last.startCursor().orElseThrow()));
        assertThat(before.items()).containsExactlyElementsOf(users.subList(1, 4));
        assertThat(before.hasPreviousPage()).isTrue();

        Page<User> firstOfAll = list(storage, Pagination.last(3).before(before.startCursor().orElseThrow()));
        assertThat(firstOfAll.items()).containsExactly(users.get(0));
        assertThat(firstOfAll.hasPreviousPage()).isFalse();

        Page<User> between = list(storage, Pagination.first(10).after(users.get(1).id()).before(users.get(5).id()));
        assertThat(between.items()).containsExactlyElementsOf(users.subList(2, 5));

        assertThat(list(storage, Pagination.first(3).after(users.get(6).id())).edges()).isEmpty();
    }

    private static Page<User> list(TestStorage storage, Pagination pagination) {
        return storage.read(session -> session.user().list(UserFilter.all(), pagination));
    }

    @Test
    void acquireLockForSyncHoldsTheRowUntilTheSessionEnds(TestStorage storage) {
        User alice = add(storage, "alice");
        RepositorySession holder = storage.factory().open().block(TestStorage.TIMEOUT);
        holder.user().acquireLockForSync(alice).block(TestStorage.TIMEOUT);

        Mono<User> waiting = storage.factory().transaction(session -> session.user()
                .acquireLockForSync(alice)
                .then(session.user().setCanRequestAdmin(alice, true)));
        var result = waiting.toFuture();
        assertThat(result).as("blocked while the other session holds the lock")
                .failsWithin(Duration.ofMillis(300)).withThrowableThat()
                .isInstanceOf(java.util.concurrent.TimeoutException.class);

        holder.save().block(TestStorage.TIMEOUT);
        assertThat(result).succeedsWithin(TestStorage.TIMEOUT).extracting(User::canRequestAdmin).isEqualTo(true);
    }

    @Test
    void lockingAnAbsentUserIsNotAffected(TestStorage storage) {
        User ghost = new User(Ulid.parse("01KC0000000000000000000000"), "ghost", TestStorage.START,
                Optional.empty(), Optional.empty(), false, false);
        assertThatThrownBy(() -> storage.saved(session -> session.user().acquireLockForSync(ghost)))
                .isInstanceOf(NotAffectedException.class);
        assertThatThrownBy(() -> storage.saved(session -> session.user().lock(storage.clock(), ghost)))
                .isInstanceOf(NotAffectedException.class);
    }
}
