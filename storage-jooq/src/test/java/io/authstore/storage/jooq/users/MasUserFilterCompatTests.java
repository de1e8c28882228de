package io.authstore.storage.jooq.users;

import static io.authstore.storage.jooq.testing.TestStorage.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.compat.CompatSession;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserFilter;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MAS's test of UserFilter::with_active_compat_session (crates/storage-pg/src/user/tests.rs), ported. */
@ExtendWith(StorageExtension.class)
class MasUserFilterCompatTests {

    // MAS: test_user_filter_active_compat_session
    @Test
    void testUserFilterActiveCompatSession(TestStorage storage) {
        var clock = storage.clock();
        var rng = storage.random();
        RepositorySession repo = storage.factory().open().block(TestStorage.TIMEOUT);

        // Three users: alice has an active compat session, bob has a finished one, carol has none.
        User alice = await(repo.user().add(clock, rng, "alice"));
        User bob = await(repo.user().add(clock, rng, "bob"));
        User carol = await(repo.user().add(clock, rng, "carol"));

        await(repo.compatSession().add(clock, rng, alice, "ALICEDEVICE", Optional.empty(), false, Optional.empty()));

        CompatSession bobSession = await(repo.compatSession()
                .add(clock, rng, bob, "BOBDEVICE", Optional.empty(), false, Optional.empty()));
        await(repo.compatSession().finish(clock, bobSession));

        UserFilter with = UserFilter.all().activeCompatSession(true);
        assertThat(await(repo.user().count(with))).isEqualTo(1);
        Page<User> page = await(repo.user().list(with, Pagination.first(10)));
        assertThat(page.edges()).hasSize(1);
        assertThat(page.items().get(0).id()).isEqualTo(alice.id());

        UserFilter without = UserFilter.all().activeCompatSession(false);
        assertThat(await(repo.user().count(without))).isEqualTo(2);
        page = await(repo.user().list(without, Pagination.first(10)));
        Set<Ulid> ids = page.items().stream().map(User::id).collect(Collectors.toSet());
        assertThat(ids).doesNotContain(alice.id());
        assertThat(ids).contains(bob.id());
        assertThat(ids).contains(carol.id());

        await(repo.save());
    }
}
