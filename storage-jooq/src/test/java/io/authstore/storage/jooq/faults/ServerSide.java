package io.authstore.storage.jooq.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.testing.FreshDatabases;
import io.authstore.storage.jooq.testing.TestStorage;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the server sees, read and done over plain JDBC behind the repositories' back: backends, their state, rows,
 * and row locks held by another connection.
 */
final class ServerSide {

    static final Duration TIMEOUT = TestStorage.TIMEOUT;

    private ServerSide() {}

    /** The backend pids of the connections a factory's pool has open (named by its application_name). */
    static List<Integer> backends(TestStorage storage, String applicationName) {
        return storage.sql().fetch("select pid from pg_stat_activity where datname = ? and application_name = ?"
                        + " order by backend_start", storage.database(), applicationName)
                .getValues(0, Integer.class);
    }

    static void terminate(TestStorage storage, int pid) {
        assertThat(storage.sql().fetchValue("select pg_terminate_backend(?)", pid)).isEqualTo(true);
        awaitTrue(() -> storage.sql().fetchCount(storage.sql().selectOne().from("pg_stat_activity")
                .where("pid = ?", pid)) == 0, "backend " + pid + " gone");
    }

    /** Backends of this application left inside a transaction with nothing running: a leaked session. */
    static int idleInTransaction(TestStorage storage, String applicationName) {
        return storage.sql().fetchCount(storage.sql().selectOne().from("pg_stat_activity")
                .where("datname = ? and application_name = ? and state like 'idle in transaction%'",
                        storage.database(), applicationName));
    }

    static int users(TestStorage storage, String username) {
        return storage.sql().fetchCount(storage.sql().selectOne().from("users").where("username = ?", username));
    }

    static void awaitNoConnectionInUse(JooqRepositoryFactory factory) {
        awaitTrue(() -> factory.poolStatus().acquired() == 0, "no connection of the pool in use");
    }

    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TIMEOUT + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }

    /**
     * A separate JDBC connection that holds a row lock ({@code SELECT … FOR UPDATE}) in an open transaction until
     * closed: what makes a repository statement block mid-query.
     */
    static final class RowLock implements AutoCloseable {
        private final Connection connection;

        RowLock(TestStorage storage, String table, String keyColumn, Object key) throws SQLException {
            connection = FreshDatabases.get().server().connect(storage.database());
            connection.setAutoCommit(false);
            try (var statement = connection.prepareStatement(
                    "select 1 from " + table + " where " + keyColumn + " = ? for update")) {
                statement.setObject(1, key);
                assertThat(statement.executeQuery().next()).as("the row to lock exists").isTrue();
            }
        }

        @Override
        public void close() throws SQLException {
            connection.rollback();
            connection.close();
        }
    }
}
