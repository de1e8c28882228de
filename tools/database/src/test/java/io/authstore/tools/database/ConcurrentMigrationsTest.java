package io.authstore.tools.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Migrators running at the same moment on one database, lined up behind Flyway's lock and let go together, with a
 * migration that must run outside a transaction ({@code CREATE INDEX CONCURRENTLY}): the case where Flyway's default,
 * transaction-scoped lock deadlocks (the build waits for the lock's own transaction), and {@link Migrations}' session
 * lock does not.
 */
class ConcurrentMigrationsTest {

    /** The project's migrations and, after them, V100, which creates an index concurrently. */
    private static final List<String> WITH_CONCURRENT_INDEX =
            List.of(Migrations.CLASSPATH_LOCATION, "classpath:db/concurrent-index");
    private static final String CONCURRENT_INDEX = "users_created_at_concurrently_idx";
    /** A deadlock fails the test after this instead of hanging the build. */
    private static final Duration DEADLOCK_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void twoMigratorsWithACreateIndexConcurrentlyDoNotDeadlockAndTheIndexIsValid() throws Exception {
        DatabaseUrl url = TestDatabases.freshDatabase();
        Migrations migrations = Migrations.fromLocations(url, WITH_CONCURRENT_INDEX);

        List<MigrationReport> reports = new ArrayList<>();
        try (Migrators<MigrationReport> migrators = Migrators.startTogether(url, migrations::migrate, 2)) {
            reports.addAll(migrators.results(DEADLOCK_TIMEOUT));
        }

        assertThat(reports.stream().flatMap(report -> report.applied().stream()).map(MigrationReport.Applied::script))
                .as("each migration applied by exactly one of the two")
                .hasSize((int) TestDatabases.migrationFileCount() + 1)
                .doesNotHaveDuplicates()
                .contains("V100__users_created_at_concurrently.sql");
        assertThat(reports).extracting(MigrationReport::versionAfter).containsOnly("100");
        assertThat(TestDatabases.query(url, """
                select version || ' ' || count(*) || ' ' || bool_and(success) from flyway_schema_history
                 where version = '100' group by version"""))
                .containsExactly("100 1 true");
        assertThat(TestDatabases.query(url, """
                select indisvalid and indisready from pg_index where indexrelid = '%s'::regclass"""
                .formatted(CONCURRENT_INDEX)))
                .as("the concurrently built index is valid").containsExactly("t");
    }

    /**
     * Migrators on threads of their own, started behind Flyway's lock and let go together once all of them wait for
     * it. Closing ends every session of the database, so that a deadlocked migrator cannot outlive its test.
     */
    private static final class Migrators<T> implements AutoCloseable {
        private final DatabaseUrl url;
        private final ExecutorService threads;
        private final List<Future<T>> running;

        private Migrators(DatabaseUrl url, ExecutorService threads, List<Future<T>> running) {
            this.url = url;
            this.threads = threads;
            this.running = running;
        }

        static <T> Migrators<T> startTogether(DatabaseUrl url, Callable<T> migrator, int count) throws Exception {
            ExecutorService threads = Executors.newFixedThreadPool(count);
            try (MigrationLockGate gate = MigrationLockGate.closed(url)) {
                List<Future<T>> running = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    running.add(threads.submit(migrator));
                }
                Migrators<T> migrators = new Migrators<>(url, threads, running);
                gate.awaitWaiting(count, DEADLOCK_TIMEOUT, migrators::requireNoneFinished);
                gate.open();
                return migrators;
            } catch (Exception | AssertionError e) {
                threads.shutdownNow();
                throw e;
            }
        }

        List<Future<T>> running() {
            return running;
        }

        private void requireNoneFinished() {
            for (Future<T> migrator : running) {
                if (migrator.isDone()) {
                    throw new AssertionError("a migrator ended while the lock was held: " + outcome(migrator));
                }
            }
        }

        /** What each returned, in order; fails when they have not all finished within {@code timeout}. */
        List<T> results(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<T> results = new ArrayList<>();
            for (Future<T> migrator : running) {
                try {
                    results.add(migrator.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    throw new AssertionError("the migrators did not finish within " + timeout + ": deadlocked? Their"
                            + " sessions: " + TestDatabases.query(url, """
                                    select pid || ' ' || state || ' ' || coalesce(wait_event, '-') || ' '
                                           || left(query, 80) from pg_stat_activity
                                     where datname = current_database() and pid <> pg_backend_pid()"""));
                }
            }
            return results;
        }

        private static String outcome(Future<?> migrator) {
            try {
                return "returned " + migrator.get();
            } catch (ExecutionException e) {
                return "failed: " + e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }

        @Override
        public void close() throws InterruptedException {
            TestDatabases.query(url, """
                    select pg_terminate_backend(pid) from pg_stat_activity
                     where datname = current_database() and pid <> pg_backend_pid()""");
            threads.shutdownNow();
            if (!threads.awaitTermination(DEADLOCK_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the migrator threads did not end after their sessions were terminated");
            }
        }
    }
}
