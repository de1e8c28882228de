package io.authstore.storage.jooq.queue;

import io.authstore.storage.Clock;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.RandomSource;
import io.authstore.storage.RepositoryFactory;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.jooq.queue.JobRunner.Outcome;
import io.authstore.storage.queue.Job;
import io.authstore.storage.queue.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A queue worker: registers, then ticks until stopped. A tick, in one transaction, sends the heartbeat when due,
 * takes or renews the leader lease, records the jobs that finished since the last tick (completed, or failed and
 * retried with backoff) and reserves up to {@code fetchBatch} jobs of its queues, as many as it has room for; after
 * the commit it hands each job to its queue's handler. The leader then runs its {@link LeaderDuty duties}. Between
 * ticks the worker sleeps until a job of its own finishes, the {@link JobListener} reports a notification, or the
 * poll interval has passed.
 *
 * <p>{@link #stop()} ends it cleanly: no more reservations, running jobs are waited for up to
 * {@code shutdownTimeout}, their results recorded, and the worker is shut down (giving up the lease). A worker the
 * leader found dead (its heartbeat is refused) stops at once, its jobs being retried elsewhere.
 */
public final class QueueWorker {

    private static final Logger LOG = LoggerFactory.getLogger(QueueWorker.class);
    /**
     * The longest a tick's (or the leader's) transaction may take: beyond the default statement timeout (30 s), for
     * a connection whose network went silent, which nothing else bounds. It is then cancelled, rolled back, and the
     * next tick tries again.
     */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(60);

    private final RepositoryFactory factory;
    private final JobHandlers handlers;
    private final QueueSettings settings;
    private final Clock clock;
    private final RandomSource random;
    private final LeaderDuty leaderDuty;
    private final JobListener listener;

    private final AtomicBoolean wakeUpPending = new AtomicBoolean();
    private volatile Sinks.Empty<Void> sleeping = Sinks.empty();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final JobRunner jobs;

    private volatile Worker worker;
    private volatile boolean leader;
    private Instant lastHeartbeat = Instant.MIN;
    private Instant lastDuty = Instant.MIN;

    /**
     * @param listener wakes this worker on notifications; null to rely on polling alone
     * @param schedules recurring jobs this worker schedules while it is the leader
     */
    public QueueWorker(RepositoryFactory factory, JobListener listener, JobHandlers handlers,
            List<RecurringJob> schedules, QueueSettings settings, Clock clock, RandomSource random) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.listener = listener;
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.leaderDuty = new LeaderDuty(factory, settings, schedules, clock, random);
        this.jobs = new JobRunner(handlers, settings.jobTimeout(), this::wake);
        if (handlers.queues().isEmpty()) {
            throw new IllegalArgumentException("a worker needs a handler for at least one queue");
        }
    }

    /**
     * Registers and runs until {@link #stop()}; completes after the clean shutdown. Subscribe once. Disposing the
     * subscription instead kills the worker: it stops at once, without shutting down, as if its process died.
     */
    public Mono<Void> run() {
        Disposable wakeUps = listener == null ? null : listener.wakeUps().subscribe(channel -> wake());
        return factory.transaction(session -> session.queueWorker().register(clock, random))
                .timeout(TRANSACTION_TIMEOUT)
                .doOnNext(registered -> {
                    worker = registered;
                    lastHeartbeat = clock.now();
                    LOG.info("queue worker {} registered for {}", registered.id(), handlers.queues());
                })
                .then(leaderDuty.setUp().timeout(TRANSACTION_TIMEOUT))
                .then(Mono.defer(this::tickSafely).then(Mono.defer(this::sleep)).repeat(() -> !stopping.get()).then())
                .then(Mono.defer(this::shutDown))
                .doOnError(WorkerShutDown.class, error -> {
                    LOG.error(error.getMessage());
                    jobs.cancelAll();
                })
                .doFinally(signal -> {
                    if (wakeUps != null) {
                        wakeUps.dispose();
                    }
                });
    }

    /** Asks the worker to stop; {@link #run()} completes once it has. */
    public void stop() {
        stopping.set(true);
        wake();
    }

    /** The registration, once {@link #run()} has registered. */
    public Worker worker() {
        return worker;
    }

    /** Whether this worker held the leader lease at its last tick. */
    public boolean isLeader() {
        return leader;
    }

    /** Jobs its handlers are running now. */
    public int runningJobs() {
        return jobs.running();
    }

    private void wake() {
        wakeUpPending.set(true);
        sleeping.tryEmitEmpty();
    }

    /** Until woken (by a notification, a finished job or stop()) or the poll interval, ±10%, has passed. */
    private Mono<Void> sleep() {
        if (stopping.get()) {
            return Mono.empty();
        }
        long poll = settings.pollInterval().toMillis();
        return sleepAtMost(Duration.ofMillis(Math.max(1, poll + ThreadLocalRandom.current().nextLong(-poll / 10,
                poll / 10 + 1))));
    }

    private Mono<Void> sleepAtMost(Duration duration) {
        Sinks.Empty<Void> sink = Sinks.empty();
        sleeping = sink;
        if (wakeUpPending.getAndSet(false)) {
            return Mono.empty();
        }
        return Mono.firstWithSignal(sink.asMono(), Mono.delay(duration).then())
                .doOnTerminate(() -> wakeUpPending.set(false));
    }

    /** A tick whose failure (the database down, say) is logged and retried at the next tick, unless it is fatal. */
    private Mono<Void> tickSafely() {
        return tick().onErrorResume(error -> {
            if (error instanceof WorkerShutDown) {
                return Mono.error(error);
            }
            LOG.warn("queue worker {} tick failed: {}", worker.id(), error.toString());
            return Mono.empty();
        });
    }

    private Mono<Void> tick() {
        List<Outcome> outcomes = jobs.drainFinished();
        Instant now = clock.now();
        boolean heartbeat = Duration.between(lastHeartbeat, now).compareTo(settings.heartbeatInterval()) >= 0;
        int room = stopping.get() ? 0 : Math.min(settings.fetchBatch(), settings.concurrency() - jobs.running());
        return factory.transaction(session -> (heartbeat ? heartbeat(session) : Mono.<Void>empty())
                        .then(session.queueWorker().removeLeaderLeaseIfExpired(clock))
                        .then(session.queueWorker().tryGetLeaderLease(clock, worker, settings.leaseDuration()))
                        .flatMap(lease -> record(session, outcomes)
                                .then(room > 0
                                        ? session.queueJob().reserve(clock, worker, handlers.queues(), room)
                                        : Mono.just(List.<Job>of()))
                                .map(jobs -> new TickResult(lease, jobs))))
                .timeout(TRANSACTION_TIMEOUT)
                .doOnError(error -> jobs.putBack(outcomes)) // recorded at the next tick
                .flatMap(result -> {
                    if (heartbeat) {
                        lastHeartbeat = now;
                    }
                    if (result.leader() != leader) {
                        LOG.info("queue worker {} {} the leader", worker.id(), result.leader() ? "is now" : "is no longer");
                        leader = result.leader();
                    }
                    result.jobs().forEach(jobs::start);
                    return leader ? leaderDuties() : Mono.empty();
                });
    }

    private record TickResult(boolean leader, List<Job> jobs) {}

    private Mono<Void> heartbeat(RepositorySession session) {
        return session.queueWorker().heartbeat(clock, worker)
                .onErrorMap(NotAffectedException.class, error -> new WorkerShutDown(worker));
    }

    /** The leader's duties, at most once per poll interval (ticks come more often under load). */
    private Mono<Void> leaderDuties() {
        Instant now = clock.now();
        if (Duration.between(lastDuty, now).compareTo(settings.pollInterval()) < 0) {
            return Mono.empty();
        }
        lastDuty = now;
        return leaderDuty.run(worker).timeout(TRANSACTION_TIMEOUT).doOnNext(stillLeader -> leader = stillLeader)
                .then();
    }

    /**
     * Marks the finished jobs: the completed ones in one statement, each failed one as failed (retried when it may).
     */
    private Mono<Void> record(RepositorySession session, List<Outcome> outcomes) {
        List<io.authstore.storage.Ulid> completed = outcomes.stream().filter(outcome -> outcome.error() == null)
                .map(outcome -> outcome.job().id()).toList();
        Mono<Void> completions = session.queueJob().markAsCompleted(clock, completed).doOnNext(marked -> {
            if (marked.size() != completed.size()) {
                LOG.warn("{} of {} completed job(s) on worker {} were no longer running there (taken for lost?)",
                        completed.size() - marked.size(), completed.size(), worker.id());
            }
        }).then();
        return completions.thenMany(Flux.fromIterable(outcomes).filter(outcome -> outcome.error() != null)
                .concatMap(outcome -> {
                    Job job = outcome.job();
                    boolean retry = JobException.retryable(outcome.error()) && settings.retries(job.attempt());
                    return session.queueJob().markAsFailed(clock, job.id(), JobRunner.reason(outcome.error()))
                            .then(retry
                                    ? session.queueJob().retry(clock, random, job.id(),
                                            settings.retryDelay(job.attempt())).then()
                                    : Mono.<Void>empty())
                            .onErrorResume(NotAffectedException.class, error -> notRunning(job));
                })).then();
    }

    private Mono<Void> notRunning(Job job) {
        LOG.warn("job {} on queue {} finished on worker {} but was no longer running there (taken for lost?)",
                job.id(), job.queueName(), worker.id());
        return Mono.empty();
    }

    /** After the loop: wait (bounded) for the running jobs, record them, shut down. */
    private Mono<Void> shutDown() {
        Instant deadline = Instant.now().plus(settings.shutdownTimeout());
        Mono<Void> drained = Mono.defer(() -> jobs.running() == 0 || Instant.now().isAfter(deadline)
                        ? Mono.just(true)
                        : sleepAtMost(Duration.ofMillis(50)).thenReturn(false))
                .repeat()
                .takeUntil(done -> done)
                .then();
        return drained.then(Mono.defer(() -> {
            if (jobs.running() > 0) {
                LOG.warn("queue worker {} stops with {} job(s) still running after {}; they will be retried",
                        worker.id(), jobs.running(), settings.shutdownTimeout());
                jobs.cancelAll();
            }
            List<Outcome> outcomes = jobs.drainFinished();
            return factory.transaction(session -> record(session, outcomes)
                    .then(session.queueWorker().shutdown(clock, worker))
                    .thenReturn(true)).timeout(TRANSACTION_TIMEOUT);
        })).doOnSuccess(done -> LOG.info("queue worker {} shut down", worker.id())).then();
    }

    /** The leader found this worker dead: it must stop, its jobs are retried elsewhere. */
    public static final class WorkerShutDown extends IllegalStateException {
        WorkerShutDown(Worker worker) {
            super("queue worker " + worker.id() + " was shut down (its heartbeat came too late and the leader took"
                    + " it for dead); its running jobs are being retried by other workers");
        }
    }
}
