package io.authstore.tools.soak;

import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.PoolStatus;
import io.authstore.tools.harness.TargetDatabase;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;

/**
 * {@code make soak}: {@value SoakSettings#CLIENTS} concurrent clients of mixed reads, writes and cancelled units of
 * work for {@code SOAK_SECONDS} (default 5 minutes), then a check that every committed write is stored and no
 * cancelled one is, and that no connection is left in use. Ends with
 * {@code soak ops=<n> errors=<n> lost=<n> connections_in_use=<n>} and exits 0 only when the last three are 0.
 */
public final class SoakProgram {

    private static final String APPLICATION_NAME = "authstore-soak";
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    /** Rollbacks of cancelled subscriptions finish in the background; the pool gets this long to see them back. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);
    /** The clients stop at the deadline, after the operation in flight; this bounds how long that may take. */
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);

    private SoakProgram() {}

    public static void main(String[] args) {
        // before the first logger: the storage layer's warnings (slow or failed statements) only
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // a warning per job failure: the soak's jobs fail on purpose, and the ledger check accounts for every one
        System.setProperty("org.slf4j.simpleLogger.log.io.authstore.storage.jooq.queue.JobRunner", "error");
        int exitCode;
        try {
            exitCode = run(SoakSettings.fromEnvironment(System.getenv()), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("soak: " + e.getMessage());
            exitCode = 2;
        }
        System.exit(exitCode);
    }

    static int run(SoakSettings settings, PrintStream out) {
        try (TargetDatabase target = TargetDatabase.open("the soak run", Map.of());
                JooqRepositoryFactory factory = JooqRepositoryFactory.create(target.storageSettings()
                        .maxSize(settings.poolSize())
                        .applicationName(APPLICATION_NAME)
                        // 32 clients on 2 cores make slow statements normal; warn only about the pathological
                        .slowStatementThreshold(Duration.ofSeconds(1))
                        .build())) {
            out.printf("soak: %d clients, pool of %d, for %d s on %s%n", settings.clients(), settings.poolSize(),
                    settings.duration().toSeconds(), target.embedded() ? "an embedded PostgreSQL" : target.redacted());
            long heapBefore = usedHeapAfterGc();
            Ledger ledger = new Ledger();
            Stats stats = new Stats();
            Workload workload = new Workload(factory, ledger, stats);
            workload.prepare().block(STOP_TIMEOUT);
            workload.queue().start(target, settings.duration());

            long started = System.nanoTime();
            long deadline = started + settings.duration().toNanos();
            ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "soak-progress");
                thread.setDaemon(true);
                return thread;
            });
            progress.scheduleAtFixedRate(() -> out.println(progressLine(stats, factory.poolStatus(), started)),
                    PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            try {
                Flux.range(0, settings.clients())
                        .flatMap(client -> workload.client(client, deadline), settings.clients())
                        .then()
                        .block(settings.duration().plus(STOP_TIMEOUT));
            } finally {
                progress.shutdownNow();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            Instant runEnded = Instant.now();
            QueueWorkload.Finish queue = workload.queue().finish(target);

            PoolStatus pool = awaitPoolSettled(factory);
            int serverSessionsBusy = serverSessionsBusy(target);
            int connectionsInUse = Math.max(pool.acquired(), serverSessionsBusy) + queue.poolsAcquired();
            long heapAfter = usedHeapAfterGc();
            LedgerCheck.Result check;
            try (Connection connection = target.connect()) {
                check = LedgerCheck.check(connection, ledger, runEnded);
            }

            long operations = stats.operations();
            long errors = stats.errors();
            out.printf(Locale.ROOT, "soak: %d operations in %.1f s: %.0f/s; latency p50 %.2f ms, p99 %.2f ms%n",
                    operations, seconds, operations / seconds, stats.latency().percentileMillis(0.50),
                    stats.latency().percentileMillis(0.99));
            out.println("soak: operations by kind: " + join(stats.operationsByKind()));
            out.println("soak: expected typed errors (provoked on purpose, not errors): "
                    + join(stats.expectedErrorsByType()));
            out.println("soak: notes: " + join(stats.notes()));
            out.println("soak: errors by type: " + (errors == 0 ? "none" : join(stats.errorsByType())));
            stats.firstErrorMessages().forEach((type, message) ->
                    out.println("soak:   first " + type + ": " + message));
            out.printf("soak: ledger: %d users, %d browser sessions (%d finished, %d with activity), %d e-mails"
                            + " committed; %d committed writes checked, %d missing or wrong; %d cancelled writes"
                            + " checked (%d cancelled finishes), %d present%n",
                    ledger.users().size(), ledger.sessions().size(), ledger.finishCount(),
                    ledger.activeSessionsWithActivity(), ledger.emails().size(), check.committedChecked(),
                    check.committedMissingOrWrong(), check.cancelledChecked(), ledger.cancelledFinishCount(),
                    check.cancelledPresent());
            out.printf("soak: ledger: %d OAuth 2.0 sessions (%d finished), %d access tokens (%d revoked), %d refresh"
                            + " tokens (%d consumed); %d compat sessions, %d compat access tokens, %d compat refresh"
                            + " tokens (%d consumed); %d cancelled token values%n",
                    ledger.oauth2Sessions().size(),
                    ledger.oauth2Sessions().values().stream().filter(row -> row.finishedAt().isPresent()).count(),
                    ledger.accessTokens().size(),
                    ledger.accessTokens().values().stream().filter(row -> row.revokedAt().isPresent()).count(),
                    ledger.refreshTokens().size(),
                    ledger.refreshTokens().values().stream().filter(row -> row.consumedAt().isPresent()).count(),
                    ledger.compatSessions().size(), ledger.compatAccessTokens().size(),
                    ledger.compatRefreshTokens().size(),
                    ledger.compatRefreshTokens().values().stream().filter(row -> row.consumedAt().isPresent()).count(),
                    ledger.cancelledTokens().size());
            out.printf("soak: ledger: %d personal sessions (%d revoked), %d personal access tokens (%d revoked)%n",
                    ledger.personalSessions().size(),
                    ledger.personalSessions().values().stream().filter(row -> row.revokedAt().isPresent()).count(),
                    ledger.personalTokens().size(),
                    ledger.personalTokens().values().stream().filter(row -> row.revokedAt().isPresent()).count());
            QueueLedger jobs = ledger.jobs();
            out.printf("soak: queue: %d jobs committed (%d planned to fail first, %d to fail for good), %d cancelled;"
                            + " %d handler runs, %d completions; drained in %d ms (%d left); %d worker(s) replaced mid-run;"
                            + " %d of %d workers stopped,"
                            + " %d not shut down, %d lease rows left, %d listener connections%n",
                    jobs.committed().size(),
                    jobs.committed().values().stream().filter(job -> job.failures() > 0).count(),
                    jobs.committed().values().stream().filter(QueueLedger.JobRow::giveUp).count(),
                    jobs.cancelledKeys().size(), jobs.totalRuns(), jobs.totalCompletions(), queue.drainMillis(),
                    queue.pendingLeft(), queue.restarts(), queue.workersStopped(), queue.workersStarted(),
                    queue.workersNotShutDown(),
                    queue.leaseRows(), queue.listenerConnections());
            check.examples().forEach(problem -> out.println("soak:   " + problem));
            out.printf("soak: connections at the end: pool acquired %d, idle %d, pending %d; server sessions of the"
                            + " pool active or in a transaction: %d; queue workers' pools acquired %d%n",
                    pool.acquired(), pool.idle(), pool.pending(), serverSessionsBusy, queue.poolsAcquired());
            out.printf("soak: heap used (after System.gc()): %d MB before, %d MB after%n", heapBefore >> 20,
                    heapAfter >> 20);
            out.printf("soak ops=%d errors=%d lost=%d connections_in_use=%d%n", operations, errors, check.lost(),
                    connectionsInUse);
            return errors == 0 && check.lost() == 0 && connectionsInUse == 0 ? 0 : 1;
        } catch (SQLException e) {
            out.println("soak: could not check the database: " + e.getMessage());
            return 1;
        }
    }

    private static String progressLine(Stats stats, PoolStatus pool, long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        long operations = stats.operations();
        return String.format(Locale.ROOT, "soak: %3.0f s: %d operations (%.0f/s), %d errors; pool acquired %d,"
                        + " idle %d, pending %d", seconds, operations, operations / seconds, stats.errors(),
                pool.acquired(), pool.idle(), pool.pending());
    }

    /** The pool's state once every connection is back, or as it is after {@link #SETTLE_TIMEOUT}. */
    private static PoolStatus awaitPoolSettled(JooqRepositoryFactory factory) {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        PoolStatus status = factory.poolStatus();
        while ((status.acquired() > 0 || status.pending() > 0) && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(50));
            status = factory.poolStatus();
        }
        return status;
    }

    /** Sessions of the pool that the server sees running a statement or inside a transaction. */
    private static int serverSessionsBusy(TargetDatabase target) throws SQLException {
        try (Connection connection = target.connect();
                PreparedStatement statement = connection.prepareStatement("""
                        select count(*) from pg_stat_activity
                         where datname = current_database() and application_name = ? and state <> 'idle'""")) {
            statement.setString(1, APPLICATION_NAME);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String join(Map<String, Long> counts) {
        return counts.isEmpty() ? "none" : counts.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the pool", e);
        }
    }
}
