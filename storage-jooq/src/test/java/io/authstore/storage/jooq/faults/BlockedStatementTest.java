package io.authstore.storage.jooq.faults;

import static io.authstore.storage.jooq.faults.ServerSide.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.DatabaseException;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserFilter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import reactor.core.Disposable;

/**
 * A repository statement blocked on a row lock that a separate JDBC connection holds, then ended by the statement
 * timeout or by its subscriber cancelling: nothing of the session is committed, no backend is left idle in a
 * transaction, and the pool's only connection serves the next session (while the lock is still held).
 */
@Isolated
@ExtendWith(StorageExtension.class)
class BlockedStatementTest {

    private static final String APPLICATION = "blocked";

    private static User alice(TestStorage storage) {
        return storage.saved(session -> session.user().add(storage.clock(), storage.random(), "alice"));
    }

    private static ServerSide.RowLock lockRowOf(TestStorage storage, User user) throws Exception {
        return new ServerSide.RowLock(storage, "users", "user_id", user.id().toUuid());
    }

    @Test
    void aStatementTimeoutFailsTheSessionAndTheConnectionServesTheNextOne(TestStorage storage) throws Exception {
        Duration statementTimeout = Duration.ofMillis(500);
        JooqRepositoryFactory factory = storage.factory(settings -> settings
                .applicationName(APPLICATION).maxSize(1).statementTimeout(statementTimeout));
        User alice = alice(storage);
        try (ServerSide.RowLock lock = lockRowOf(storage, alice)) {
            RepositorySession session = factory.open().block(TIMEOUT);
            session.user().add(storage.clock(), storage.random(), "partial").block(TIMEOUT);

            long start = System.nanoTime();
            assertThatThrownBy(() -> session.user().lock(storage.clock(), alice).block(TIMEOUT))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("db.user.lock failed (SQLSTATE 57014)")
                    .hasMessageContaining("statement timeout");
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(waited).isGreaterThanOrEqualTo(statementTimeout).isLessThan(Duration.ofSeconds(5));

            assertTheConnectionServesTheNextSession(storage, factory);
        }
        assertThat(ServerSide.users(storage, "partial")).as("nothing partial committed").isZero();
    }

    @Test
    void aSubscriberCancellingABlockedStatementFreesTheConnectionForTheNextSession(TestStorage storage)
            throws Exception {
        JooqRepositoryFactory factory = storage.factory(settings -> settings
                .applicationName(APPLICATION).maxSize(1).statementTimeout(Duration.ofSeconds(20))
                .acquireTimeout(Duration.ofSeconds(3)));
        User alice = alice(storage);
        try (ServerSide.RowLock lock = lockRowOf(storage, alice)) {
            RepositorySession session = factory.open().block(TIMEOUT);
            session.user().add(storage.clock(), storage.random(), "partial").block(TIMEOUT);
            Disposable blocked = session.user().lock(storage.clock(), alice).subscribe();
            ServerSide.awaitTrue(() -> waitingOnALock(storage), "the statement waits for the row lock");

            blocked.dispose();

            assertTheConnectionServesTheNextSession(storage, factory);
            assertThatThrownBy(() -> session.save().block(TIMEOUT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("db.user.lock was cancelled before it completed");
        }
        assertThat(ServerSide.users(storage, "partial")).as("nothing partial committed").isZero();
        assertThat(storage.<User>read(session -> session.user().lookup(alice.id())).lockedAt()).isEmpty();
    }

    private static boolean waitingOnALock(TestStorage storage) {
        return storage.sql().fetchCount(storage.sql().selectOne().from("pg_stat_activity")
                .where("datname = ? and application_name = ? and wait_event_type = 'Lock'",
                        storage.database(), APPLICATION)) == 1;
    }

    private static void assertTheConnectionServesTheNextSession(TestStorage storage, JooqRepositoryFactory factory) {
        long start = System.nanoTime();
        assertThat(factory.transaction(session -> session.user().count(UserFilter.all())).block(TIMEOUT))
                .as("a session on the pool's only connection, the lock still held").isEqualTo(1);
        System.out.printf("faults: the next session on the same pool succeeded after %.0f ms%n",
                (System.nanoTime() - start) / 1e6);
        ServerSide.awaitNoConnectionInUse(factory);
        assertThat(ServerSide.idleInTransaction(storage, APPLICATION)).isZero();
    }
}
