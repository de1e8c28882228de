package io.authstore.storage.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.DatabaseException;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code readOnly} on a URL that names one server, the primary: it reads there, and refuses writes as it would on a
 * standby (FailoverTest shows it on a real standby).
 */
@ExtendWith(StorageExtension.class)
class ReadOnlyUnitOfWorkTest {

    @Test
    void readsWhatIsCommittedAndRefusesEveryWrite(TestStorage storage) {
        JooqRepositoryFactory factory = storage.factory();
        User alice = storage.saved(session -> session.user().add(storage.clock(), storage.random(), "alice"));

        User found = TestStorage.await(factory.readOnly(session -> session.user().findByUsername("alice")));
        assertThat(found).isEqualTo(alice);
        assertThatThrownBy(() -> TestStorage.await(factory.readOnly(
                        session -> session.user().add(storage.clock(), storage.random(), "bob"))))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("SQLSTATE 25006")
                .hasMessageContaining("a read-only session (readOnly, openReadOnly) or a standby cannot write; run"
                        + " writes in transaction() or open()");
        assertThatThrownBy(() -> TestStorage.await(factory.readOnly(session -> session.user().lock(storage.clock(),
                        alice))))
                .as("a state change too")
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("SQLSTATE 25006");

        long users = storage.read(session -> session.user().count(UserFilter.all()));
        assertThat(users).isEqualTo(1);
        User carol = storage.saved(session -> session.user().add(storage.clock(), storage.random(), "carol"));
        assertThat(carol.username()).as("the read-write pool is untouched").isEqualTo("carol");
    }
}
