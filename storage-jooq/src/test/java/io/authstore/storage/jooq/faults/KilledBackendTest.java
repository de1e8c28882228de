package io.authstore.storage.jooq.faults;

import static io.authstore.storage.jooq.faults.ServerSide.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.DatabaseException;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.UserFilter;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import reactor.core.publisher.Mono;

/**
 * A backend killed mid-transaction ({@code pg_terminate_backend}): the unit of work fails with a connection error,
 * nothing of it is committed, the pool drops the dead connection and the next session succeeds, on a pool of one
 * connection, so that it can only succeed on a new one.
 */
@Isolated
@ExtendWith(StorageExtension.class)
class KilledBackendTest {

    private static final String APPLICATION = "killed";
    private static final Duration FAILS_WITHIN = Duration.ofSeconds(5);

    private static JooqRepositoryFactory onePooledConnection(TestStorage storage) {
        return storage.factory(settings -> settings.applicationName(APPLICATION).maxSize(1));
    }

    /** Opens a session, writes "alice" in it, and kills its backend. */
    private static RepositorySession sessionWithItsBackendKilled(TestStorage storage, JooqRepositoryFactory factory) {
        RepositorySession session = factory.open().block(TIMEOUT);
        session.user().add(storage.clock(), storage.random(), "alice").block(TIMEOUT);
        List<Integer> backends = ServerSide.backends(storage, APPLICATION);
        assertThat(backends).hasSize(1);
        ServerSide.terminate(storage, backends.getFirst());
        return session;
    }

    @Test
    void theNextStatementFailsWithAConnectionErrorAndNothingIsCommitted(TestStorage storage) {
        JooqRepositoryFactory factory = onePooledConnection(storage);
        RepositorySession session = sessionWithItsBackendKilled(storage, factory);

        assertFailsFast(() -> session.user().add(storage.clock(), storage.random(), "bob").block(TIMEOUT),
                "db.user.add");
        assertThatThrownBy(() -> session.save().block(TIMEOUT))
                .as("the session was rolled back").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rolled back because db.user.add failed");

        assertNothingCommittedAndTheNextSessionWorks(storage, factory);
    }

    @Test
    void aSaveAfterTheKillFailsWithAConnectionErrorAndNothingIsCommitted(TestStorage storage) {
        JooqRepositoryFactory factory = onePooledConnection(storage);
        RepositorySession session = sessionWithItsBackendKilled(storage, factory);

        assertFailsFast(() -> session.save().block(TIMEOUT), "db.save");

        assertNothingCommittedAndTheNextSessionWorks(storage, factory);
    }

    @Test
    void aTransactionWhoseBackendIsKilledFailsAsAWhole(TestStorage storage) {
        JooqRepositoryFactory factory = onePooledConnection(storage);
        Function<RepositorySession, Mono<Long>> work = session -> session.user()
                .add(storage.clock(), storage.random(), "alice")
                .doOnNext(alice -> ServerSide.terminate(storage, ServerSide.backends(storage, APPLICATION).getFirst()))
                .then(session.user().add(storage.clock(), storage.random(), "bob"))
                .then(session.user().count(UserFilter.all()));

        assertFailsFast(() -> factory.transaction(work).block(TIMEOUT), "db.user.add");

        assertNothingCommittedAndTheNextSessionWorks(storage, factory);
    }

    private static void assertFailsFast(Runnable attempt, String operation) {
        long start = System.nanoTime();
        assertThatThrownBy(attempt::run)
                .isInstanceOf(DatabaseException.class)
                .hasMessageStartingWith(operation + " failed")
                .satisfies(error -> assertThat(((DatabaseException) error).operation()).isEqualTo(operation));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAILS_WITHIN);
    }

    private static void assertNothingCommittedAndTheNextSessionWorks(TestStorage storage, JooqRepositoryFactory factory) {
        ServerSide.awaitNoConnectionInUse(factory);
        assertThat(ServerSide.users(storage, "alice") + ServerSide.users(storage, "bob")).isZero();

        assertThat(factory.transaction(session -> session.user().add(storage.clock(), storage.random(), "carol"))
                .block(TIMEOUT)).isNotNull();

        assertThat(ServerSide.users(storage, "carol")).isEqualTo(1);
        assertThat(ServerSide.idleInTransaction(storage, APPLICATION)).isZero();
    }
}
