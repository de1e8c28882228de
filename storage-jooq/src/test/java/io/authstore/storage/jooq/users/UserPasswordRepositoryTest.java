package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.USER_PASSWORDS;
import static io.authstore.storage.jooq.users.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.Password;
import io.authstore.storage.users.User;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@ExtendWith(StorageExtension.class)
class UserPasswordRepositoryTest {

    private static Password add(TestStorage storage, User user, int version, String hash, Optional<Password> from) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(session -> session.userPassword()
                .add(storage.clock(), storage.random(), user, version, hash, from));
    }

    private static Password active(TestStorage storage, User user) {
        return storage.read(session -> session.userPassword().active(user));
    }

    @Test
    void aUserWithoutPasswordHasNoActiveOne(TestStorage storage) {
        assertThat(active(storage, user(storage, "alice"))).isNull();
    }

    @Test
    void addedPasswordIsTheActiveOne(TestStorage storage) {
        User alice = user(storage, "alice");
        Password password = add(storage, alice, 1, "$argon2id$hash-one", Optional.empty());

        assertThat(password.userId()).isEqualTo(alice.id());
        assertThat(password.version()).isEqualTo(1);
        assertThat(password.hashedPassword()).isEqualTo("$argon2id$hash-one");
        assertThat(password.upgradedFromId()).isEmpty();
        assertThat(password.createdAt()).isEqualTo(storage.clock().now());
        assertThat(password.toString()).doesNotContain("hash-one");
        assertThat(active(storage, alice)).isEqualTo(password);
    }

    @Test
    void anUpgradedPasswordReplacesTheOneItRehashesAndLinksToIt(TestStorage storage) {
        User alice = user(storage, "alice");
        User bob = user(storage, "bob");
        Password old = add(storage, alice, 1, "old-hash", Optional.empty());
        Password bobs = add(storage, bob, 1, "bob-hash", Optional.empty());

        Password upgraded = add(storage, alice, 2, "new-hash", Optional.of(old));

        assertThat(upgraded.upgradedFromId()).contains(old.id());
        assertThat(upgraded.version()).isEqualTo(2);
        assertThat(active(storage, alice)).isEqualTo(upgraded);
        assertThat(active(storage, bob)).as("other users' passwords are not involved").isEqualTo(bobs);
    }

    @Test
    void passwordsAddedAtTheSameInstantAreOrderedById(TestStorage storage) {
        User alice = user(storage, "alice");
        List<Password> added = storage.saved(session -> Flux.range(0, 5)
                .concatMap(i -> session.userPassword()
                        .add(storage.clock(), storage.random(), alice, 1, "hash" + i, Optional.empty()))
                .collectList());

        assertThat(added).extracting(Password::createdAt).containsOnly(storage.clock().now());
        assertThat(active(storage, alice)).isEqualTo(added.stream().max(Comparator.comparing(Password::id)).get());
    }

    @Test
    void anUpgradeFromAnotherUsersPasswordIsRefused(TestStorage storage) {
        User alice = user(storage, "alice");
        User bob = user(storage, "bob");
        Password bobs = add(storage, bob, 1, "bob-hash", Optional.empty());

        assertThatThrownBy(() -> add(storage, alice, 2, "new-hash", Optional.of(bobs)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bobs.id().toString())
                .hasMessageNotContaining("bob-hash");
        assertThat(active(storage, alice)).isNull();
    }

    @Test
    void anErrorInsideTheSessionLeavesNothingWritten(TestStorage storage) {
        User alice = user(storage, "alice");

        Mono<Password> failing = storage.factory().transaction(session -> session.userPassword()
                .add(storage.clock(), storage.random(), alice, 1, "hash", Optional.empty())
                .then(Mono.error(new RuntimeException("boom"))));

        assertThatThrownBy(() -> failing.block(TestStorage.TIMEOUT)).hasMessageContaining("boom");
        assertThat(active(storage, alice)).isNull();
        assertThat(storage.sql().fetchCount(USER_PASSWORDS)).isZero();
    }
}
