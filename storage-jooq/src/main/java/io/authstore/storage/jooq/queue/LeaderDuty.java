package io.authstore.storage.jooq.queue;

import io.authstore.storage.Clock;
import io.authstore.storage.JsonValue;
import io.authstore.storage.RandomSource;
import io.authstore.storage.RepositoryFactory;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.queue.Job;
import io.authstore.storage.queue.ScheduleStatus;
import io.authstore.storage.queue.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the leader does, in one transaction that first checks and holds its lease
 * ({@link io.authstore.storage.queue.QueueWorkerRepository#holdLeaderLease}: no other worker can remove the lease and
 * take over while this runs, and a worker that lost the lease does nothing): schedule the recurring jobs that are due, shut down dead workers and retry their lost jobs, and make
 * due scheduled jobs (retries included) available.
 */
final class LeaderDuty {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderDuty.class);

    private final RepositoryFactory factory;
    private final QueueSettings settings;
    private final List<RecurringJob> schedules;
    private final Clock clock;
    private final RandomSource random;

    LeaderDuty(RepositoryFactory factory, QueueSettings settings, List<RecurringJob> schedules, Clock clock,
            RandomSource random) {
        this.factory = factory;
        this.settings = settings;
        this.schedules = List.copyOf(schedules);
        this.clock = clock;
        this.random = random;
    }

    /** Makes sure the recurring schedules exist; run once when a worker starts. */
    Mono<Void> setUp() {
        if (schedules.isEmpty()) {
            return Mono.empty();
        }
        return factory.transaction(session -> session.queueSchedule()
                .setup(schedules.stream().map(RecurringJob::scheduleName).toList())
                .thenReturn(true)).then();
    }

    /** Runs the duties if {@code worker} still holds the lease; true when it did. */
    Mono<Boolean> run(Worker worker) {
        return factory.transaction(session -> session.queueWorker()
                .holdLeaderLease(worker)
                .flatMap(leader -> !leader ? Mono.just(false) : session.queueSchedule().list()
                        .flatMap(statuses -> scheduleDue(session, statuses))
                        .then(session.queueWorker().shutdownDeadWorkers(clock, settings.deadWorkerThreshold()))
                        .flatMap(dead -> {
                            if (dead.workers() > 0 || !dead.lostJobs().isEmpty()) {
                                LOG.warn("shut down {} dead worker(s); {} job(s) they were running are lost",
                                        dead.workers(), dead.lostJobs().size());
                            }
                            return Flux.fromIterable(dead.lostJobs())
                                    .concatMap(job -> retryLost(session, job))
                                    .then();
                        })
                        .then(session.queueJob().scheduleAvailableJobs(clock))
                        .thenReturn(true)));
    }

    private Mono<Void> retryLost(RepositorySession session, Job job) {
        if (!settings.retries(job.attempt())) {
            LOG.error("job {} on queue {} was lost on its last attempt ({}); not retrying", job.id(),
                    job.queueName(), job.attempt());
            return Mono.empty();
        }
        // the job did not fail, its worker died: run it again at once
        return session.queueJob().retry(clock, random, job.id(), Duration.ZERO).then();
    }

    private Mono<Void> scheduleDue(RepositorySession session, List<ScheduleStatus> statuses) {
        Map<String, ScheduleStatus> byName = statuses.stream()
                .collect(Collectors.toMap(ScheduleStatus::scheduleName, Function.identity()));
        Instant now = clock.now();
        return Flux.fromIterable(schedules)
                .filter(schedule -> isDue(byName.get(schedule.scheduleName()), now))
                .concatMap(schedule -> session.queueJob().scheduleLater(clock, random, schedule.queueName(),
                        schedule.payload(), JsonValue.EMPTY_OBJECT, schedule.nextAfter(now),
                        Optional.of(schedule.scheduleName())))
                .then();
    }

    private static boolean isDue(ScheduleStatus status, Instant now) {
        if (status == null) {
            return false; // set up by another version of the worker, or not yet
        }
        if (status.lastScheduledAt().isEmpty()) {
            return true;
        }
        // the last job is still to come, or still waiting or running
        return !status.lastScheduledAt().get().isAfter(now) && !status.lastScheduledJobCompleted().equals(Optional.of(false));
    }
}
