package io.authstore.tools.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Holds Flyway's migration lock on a database so that a test can start several migrators, wait until every one of
 * them is waiting for the lock, and let them go at the same moment: without it, migrators started "at once" mostly
 * run one after the other, and a test of their concurrency proves little.
 */
public final class MigrationLockGate implements AutoCloseable {

    /**
     * Flyway's lock on PostgreSQL (PostgreSQLAdvisoryLockTemplate): a fixed number plus the hash of the history
     * table's quoted name. Both the session lock and the transactional one use it.
     */
    public static final long FLYWAY_LOCK = 77431708279161L + "\"public\".\"flyway_schema_history\"".hashCode();

    private final Connection holder;
    private boolean open;

    private MigrationLockGate(Connection holder) {
        this.holder = holder;
    }

    /** Takes Flyway's lock on the database, so that no migrator gets past it until {@link #open()}. */
    public static MigrationLockGate closed(DatabaseUrl url) throws SQLException {
        Connection holder = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
        try {
            call(holder, "select pg_advisory_lock(?)");
            return new MigrationLockGate(holder);
        } catch (SQLException | RuntimeException e) {
            holder.close();
            throw e;
        }
    }

    /**
     * Waits until {@code migrators} other sessions of the database poll for the lock (Flyway retries
     * {@code pg_try_advisory_lock} or {@code pg_try_advisory_xact_lock} once a second).
     *
     * @param stillRunning called between polls, to fail early when a migrator has died
     * @throws AssertionError when they do not all wait within {@code timeout}
     */
    public void awaitWaiting(int migrators, Duration timeout, Runnable stillRunning)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (waiting() == migrators) {
                return;
            }
            stillRunning.run();
            Thread.sleep(100);
        }
        throw new AssertionError("the " + migrators + " migrators did not all wait for Flyway's lock " + FLYWAY_LOCK
                + " within " + timeout + " (" + waiting() + " did); has Flyway changed how it locks?");
    }

    /** Whether anything has been migrated yet: the history table exists once a migrator got past the lock. */
    public boolean historyExists() throws SQLException {
        try (PreparedStatement statement = holder.prepareStatement(
                        "select to_regclass('flyway_schema_history') is not null");
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getBoolean(1);
        }
    }

    private int waiting() throws SQLException {
        try (PreparedStatement statement = holder.prepareStatement("""
                        select count(*) from pg_stat_activity
                         where datname = current_database() and pid <> pg_backend_pid()
                           and query ~ ('pg_try_advisory_(xact_)?lock\\(' || ? || '\\)')""");
                ResultSet row = bind(statement).executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    /** Releases the lock: the migrators compete for it from now on. */
    public void open() throws SQLException {
        if (!open) {
            open = true;
            call(holder, "select pg_advisory_unlock(?)");
        }
    }

    @Override
    public void close() throws SQLException {
        holder.close(); // ends the session, and with it the lock if it is still held
    }

    private static void call(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement).execute();
        }
    }

    private static PreparedStatement bind(PreparedStatement statement) throws SQLException {
        statement.setLong(1, FLYWAY_LOCK);
        return statement;
    }
}
