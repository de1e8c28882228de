package io.authstore.tools.soak;

import io.authstore.storage.Clock;
import io.authstore.storage.JsonValue;
import io.authstore.storage.RandomSource;
import io.authstore.storage.RepositoryFactory;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.PoolStatus;
import io.authstore.storage.jooq.queue.JobException;
import io.authstore.storage.jooq.queue.JobHandlers;
import io.authstore.storage.jooq.queue.JobListener;
import io.authstore.storage.jooq.queue.QueueSettings;
import io.authstore.storage.jooq.queue.QueueWorker;
import io.authstore.storage.queue.Job;
import io.authstore.tools.harness.TargetDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The soak's queue: {@value #WORKERS} workers, each a "process" of its own (its own pool and its own
 * {@link JobListener}), run the jobs that the soak's clients schedule in units of work that commit or are cancelled.
 * Each job's payload says what its handler does: complete, fail a known number of attempts first (each failure is
 * retried by the queue as a new row linked by {@code next_attempt_id}), or fail for good. Handlers record every run
 * in the {@link QueueLedger}; {@link #finish} drains the queue (bounded), stops the workers cleanly (bounded) and
 * reports what is left.
 */
final class QueueWorkload {

    /** Jobs whose handler reads the user named in the payload through the worker's own pool. */
    static final String MAIL_QUEUE = "soak-mail";
    /** Jobs whose handler only waits a few milliseconds. */
    static final String FLAKY_QUEUE = "soak-flaky";
    static final String PLANNED_FAILURE = "soak: planned failure";
    static final String PLANNED_GIVE_UP = "soak: planned final failure";
    static final int WORKERS = 3;
    private static final int WORKER_POOL_SIZE = 3;
    private static final String APPLICATION_NAME = "authstore-soak-queue";
    /** Fast enough that retries (100 ms doubling, made available by the leader every ~500 ms) happen in a soak. */
    static final QueueSettings SETTINGS = QueueSettings.defaults()
            .withConcurrency(10, 5)
            .withPollInterval(Duration.ofMillis(500))
            .withLiveness(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(3))
            .withRetries(5, Duration.ofMillis(100), Duration.ofSeconds(1))
            .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(1));
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    /** Beyond the workers' own shutdownTimeout: the final transaction and the lease hand-over. */
    private static final Duration STOP_TIMEOUT = SETTINGS.shutdownTimeout().plusSeconds(20);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_CANCEL_DELAY_MILLIS = 30;
    private static final int MAX_LATER_MILLIS = 300;

    /** What a job's handler is told to do, and where the job goes. */
    private record Plan(String key, String queue, Ulid userId, int failures, boolean giveUp, Optional<Duration> later) {

        JsonValue payload() {
            return JsonValue.parse("{\"key\": " + JsonValue.quote(key) + ", \"user\": " + JsonValue.quote(
                    userId.toString()) + ", \"failures\": " + failures + ", \"give_up\": " + giveUp + "}");
        }
    }

    /**
     * What {@link #finish} found.
     *
     * @param drainMillis how long the queue took to hold no scheduled, available or running job (or the bound)
     * @param pendingLeft jobs still scheduled, available or running when the drain ended
     * @param restarts workers stopped and replaced during the run
     * @param workersStopped workers whose run ended cleanly within the bound (the replaced ones included)
     * @param workersStarted workers started in all
     * @param workersNotShutDown worker rows without shutdown_at after the stop
     * @param leaseRows rows of queue_leader after the stop (the last leader gives its lease up)
     * @param poolsAcquired connections the workers' pools still had acquired after the stop
     * @param listenerConnections connections the listeners made (one each unless one reconnected)
     */
    record Finish(long drainMillis, int pendingLeft, int restarts, int workersStopped, int workersStarted,
            int workersNotShutDown, int leaseRows, int poolsAcquired, int listenerConnections) {}

    /** A worker "process": its own pool, its own listener, its own worker. */
    private static final class Process {
        final JooqRepositoryFactory factory;
        final JobListener listener;
        final QueueWorker worker;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        Disposable running;

        Process(JooqRepositoryFactory factory, JobListener listener, QueueWorker worker) {
            this.factory = factory;
            this.listener = listener;
            this.worker = worker;
        }
    }

    private final RepositoryFactory factory;
    private final QueueLedger ledger;
    private final Stats stats;
    private final Clock clock = Clock.system();
    private final RandomSource random = RandomSource.secure();
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private CompletableFuture<Void> restart = CompletableFuture.completedFuture(null);
    // written by the restart thread, read after joining it
    private volatile int restarts;
    private volatile int stopped;
    private volatile int retiredAcquired;
    private volatile int listenerConnections;

    QueueWorkload(RepositoryFactory factory, QueueLedger ledger, Stats stats) {
        this.factory = factory;
        this.ledger = ledger;
        this.stats = stats;
    }

    /**
     * Starts the workers: the first two serve both queues, the third only {@value #FLAKY_QUEUE}. Halfway through
     * {@code run}, the first is stopped cleanly (with jobs in flight; the notes say whether it was the leader) and
     * replaced by a new worker, as a rolling restart would.
     */
    void start(TargetDatabase target, Duration run) {
        for (int i = 0; i < WORKERS; i++) {
            processes.add(newProcess(target, i));
        }
        restart = CompletableFuture.runAsync(() -> {
            sleep(run.dividedBy(2));
            Process old = processes.get(0);
            stats.note(old.worker.isLeader() ? "queue_restarted_the_leader" : "queue_restarted_a_follower");
            stopped += stop(old, System.nanoTime() + STOP_TIMEOUT.toNanos()) ? 1 : 0;
            retiredAcquired += close(old);
            processes.set(0, newProcess(target, 0));
            restarts++;
        }, runnable -> {
            Thread thread = new Thread(runnable, "soak-queue-restart");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private Process newProcess(TargetDatabase target, int index) {
        JooqRepositoryFactory own = JooqRepositoryFactory.create(target.storageSettings()
                .maxSize(WORKER_POOL_SIZE)
                .applicationName(APPLICATION_NAME)
                .slowStatementThreshold(Duration.ofSeconds(1))
                .build());
        JobListener listener = JobListener.start(own.settings(), SETTINGS.reconnectDelay());
        JobHandlers handlers = new JobHandlers().register(FLAKY_QUEUE, job -> handle(job, own));
        if (index < 2) {
            handlers.register(MAIL_QUEUE, job -> handle(job, own));
        }
        Process process = new Process(own, listener, new QueueWorker(own, listener, handlers, List.of(), SETTINGS,
                clock, random));
        process.running = process.worker.run().subscribe(null, error -> {
            stats.error("queue worker", error);
            process.done.completeExceptionally(error);
        }, () -> process.done.complete(null));
        return process;
    }

    /** Asks {@code process} to stop if not yet asked, and waits for it until {@code deadline}; true if it stopped. */
    private boolean stop(Process process, long deadline) {
        process.worker.stop();
        try {
            process.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            stats.error("queue worker stop", new IllegalStateException("a queue worker did not stop within "
                    + STOP_TIMEOUT));
            process.running.dispose();
        } catch (ExecutionException e) {
            // counted when run() failed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping a queue worker", e);
        }
        return false;
    }

    /** Closes a stopped worker's listener and pool; the connections its pool still had acquired. */
    private int close(Process process) {
        listenerConnections += process.listener.connections();
        process.listener.close();
        int acquired = settled(process.factory).acquired();
        process.factory.close();
        return acquired;
    }

    /** A unit of work that schedules one to three jobs (some for a moment later) and commits. */
    Mono<?> scheduleJobs(TokenWorkload.Owner client) {
        List<Plan> plans = plans(client, 1 + client.random().nextInt(3));
        return factory.transaction(session -> scheduleAll(session, plans))
                .doOnNext(ids -> {
                    for (int i = 0; i < plans.size(); i++) {
                        Plan plan = plans.get(i);
                        ledger.committed(new QueueLedger.JobRow(ids.get(i), plan.key(), plan.queue(), plan.failures(),
                                plan.giveUp()));
                    }
                });
    }

    /**
     * A unit of work that schedules one or two jobs and is cancelled: by {@code cancel()} after the schedules, or by
     * cancelling its subscription at a random moment. None of its jobs may exist or run.
     */
    Mono<?> cancelledSchedule(TokenWorkload.Owner client) {
        List<Plan> plans = plans(client, 1 + client.random().nextInt(2));
        plans.forEach(plan -> ledger.cancelled(plan.key()));
        if (client.random().nextBoolean()) {
            return Workload.inSessionThenCancel(factory, session -> scheduleAll(session, plans));
        }
        Duration cancelAfter = Duration.ofMillis(client.random().nextInt(MAX_CANCEL_DELAY_MILLIS + 1));
        return factory.transaction(session -> scheduleAll(session, plans).then(Mono.never()))
                .timeout(cancelAfter, Mono.empty());
    }

    private List<Plan> plans(TokenWorkload.Owner client, int count) {
        List<Plan> plans = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int fate = client.random().nextInt(100);
            // 15% fail once, 5% twice, 2% for good; the rest complete at once
            int failures = fate < 15 ? 1 : fate < 20 ? 2 : 0;
            boolean giveUp = fate >= 20 && fate < 22;
            Optional<Duration> later = client.random().nextInt(4) == 0
                    ? Optional.of(Duration.ofMillis(client.random().nextInt(MAX_LATER_MILLIS + 1)))
                    : Optional.empty();
            plans.add(new Plan(client.nextName("job"), client.random().nextBoolean() ? MAIL_QUEUE : FLAKY_QUEUE,
                    client.anyUser().id(), failures, giveUp, later));
        }
        return plans;
    }

    private Mono<List<Ulid>> scheduleAll(RepositorySession session, List<Plan> plans) {
        return Flux.fromIterable(plans)
                .concatMap(plan -> plan.later().isPresent()
                        ? session.queueJob().scheduleLater(clock, random, plan.queue(), plan.payload(),
                                JsonValue.EMPTY_OBJECT, clock.now().plus(plan.later().get()), Optional.empty())
                        : session.queueJob().schedule(clock, random, plan.queue(), plan.payload(),
                                JsonValue.EMPTY_OBJECT))
                .collectList();
    }

    /** Runs a job as its payload says; every run goes into the ledger, every unplanned error into the stats. */
    private Mono<Void> handle(Job job, RepositoryFactory own) {
        return Mono.defer(() -> {
            Optional<String> key = job.payload().get("key").flatMap(JsonValue::asString);
            if (key.isEmpty()) {
                return Mono.<Void>error(JobException.fail("soak: job " + job.id() + " has no key"));
            }
            ledger.ran(job.id(), key.get(), job.attempt());
            int failures = job.payload().get("failures").flatMap(JsonValue::asNumber).orElseThrow().intValueExact();
            boolean giveUp = job.payload().get("give_up").map(value -> Boolean.TRUE.equals(value.tree()))
                    .orElseThrow();
            Mono<Void> work;
            if (job.queueName().equals(MAIL_QUEUE)) {
                Ulid user = Ulid.parse(job.payload().get("user").flatMap(JsonValue::asString).orElseThrow());
                work = own.transaction(session -> session.user().lookup(user)
                        .switchIfEmpty(Workload.mismatch("job " + key.get() + " found no user " + user))).then();
            } else {
                work = Mono.delay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(5))).then();
            }
            return work.then(Mono.defer(() -> {
                if (giveUp) {
                    return Mono.error(JobException.fail(PLANNED_GIVE_UP + " of " + key.get()));
                }
                if (job.attempt() < failures) {
                    return Mono.error(new PlannedFailure(PLANNED_FAILURE + " of " + key.get() + ", attempt "
                            + job.attempt()));
                }
                ledger.completed(key.get());
                return Mono.empty();
            }));
        }).doOnError(error -> {
            if (!(error instanceof PlannedFailure)
                    && !(error instanceof JobException planned && planned.getMessage().startsWith(PLANNED_GIVE_UP))) {
                stats.error("job handler", error);
            }
        });
    }

    /**
     * After the clients stopped: waits (bounded) until no job is scheduled, available or running, stops every
     * worker cleanly and waits (bounded) for each, then closes their listeners and pools.
     */
    Finish finish(TargetDatabase target) throws SQLException {
        long started = System.nanoTime();
        long deadline = started + DRAIN_TIMEOUT.toNanos();
        int pending;
        try (Connection connection = target.connect()) {
            pending = pending(connection);
            while (pending > 0 && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(100));
                pending = pending(connection);
            }
        }
        long drainMillis = (System.nanoTime() - started) / 1_000_000;

        try {
            restart.get(STOP_TIMEOUT.toSeconds() + SETTLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            stats.error("queue worker restart", e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the queue worker restart", e);
        }
        processes.forEach(process -> process.worker.stop());
        long stopDeadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (Process process : processes) {
            stopped += stop(process, stopDeadline) ? 1 : 0;
        }
        int acquired = retiredAcquired;
        for (Process process : processes) {
            acquired += close(process);
        }
        int notShutDown;
        int leaseRows;
        try (Connection connection = target.connect()) {
            notShutDown = count(connection, "select count(*) from queue_workers where shutdown_at is null");
            leaseRows = count(connection, "select count(*) from queue_leader");
        }
        if (notShutDown > 0) {
            stats.error("queue worker stop", new IllegalStateException(notShutDown
                    + " queue worker(s) not shut down after the stop"));
        }
        if (leaseRows > 0) {
            stats.error("queue worker stop", new IllegalStateException("the leader lease is still held after every"
                    + " worker stopped"));
        }
        return new Finish(drainMillis, pending, restarts, stopped, WORKERS + restarts, notShutDown, leaseRows, acquired,
                listenerConnections);
    }

    private static int pending(Connection connection) throws SQLException {
        return count(connection, "select count(*) from queue_jobs where status in ('scheduled', 'available', 'running')");
    }

    private static int count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getInt(1);
        }
    }

    private static PoolStatus settled(JooqRepositoryFactory factory) {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        PoolStatus status = factory.poolStatus();
        while ((status.acquired() > 0 || status.pending() > 0) && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(50));
            status = factory.poolStatus();
        }
        return status;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the queue", e);
        }
    }

    /** The failure a job's payload asks for: retried by the queue. */
    static final class PlannedFailure extends RuntimeException {
        PlannedFailure(String message) {
            super(message, null, false, false);
        }
    }
}
