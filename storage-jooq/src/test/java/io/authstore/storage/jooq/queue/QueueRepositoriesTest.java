package io.authstore.storage.jooq.queue;

import static io.authstore.snapshot.Tables.QUEUE_JOBS;
import static io.authstore.snapshot.Tables.QUEUE_LEADER;
import static io.authstore.snapshot.Tables.QUEUE_WORKERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.snapshot.enums.QueueJobStatus;
import io.authstore.storage.Cleanup;
import io.authstore.storage.JsonValue;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.queue.DeadWorkers;
import io.authstore.storage.queue.Job;
import io.authstore.storage.queue.JobState;
import io.authstore.storage.queue.QueuedJob;
import io.authstore.storage.queue.ScheduleStatus;
import io.authstore.storage.queue.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

/** The three queue repositories, operation by operation, with MAS's semantics (its SQL in storage-pg/src/queue). */
@ExtendWith(StorageExtension.class)
class QueueRepositoriesTest {

    private static final JsonValue PAYLOAD = JsonValue.parse("{\"count\": 3, \"user_id\": \"01H\"}");

    static Worker register(TestStorage storage) {
        return storage.saved(s -> s.queueWorker().register(storage.clock(), storage.random()));
    }

    static Ulid schedule(TestStorage storage, String queue, JsonValue payload) {
        storage.clock().advance(Duration.ofMillis(1));
        return storage.saved(s -> s.queueJob().schedule(storage.clock(), storage.random(), queue, payload,
                JsonValue.EMPTY_OBJECT));
    }

    static List<Job> reserve(TestStorage storage, Worker worker, List<String> queues, int count) {
        return storage.saved(s -> s.queueJob().reserve(storage.clock(), worker, queues, count));
    }

    static QueuedJob lookup(TestStorage storage, Ulid id) {
        return storage.read(s -> s.queueJob().lookup(id));
    }

    @Test
    void aWorkerRegistersHeartbeatsAndShutsDown(TestStorage storage) {
        Worker worker = register(storage);
        assertThat(worker.id().timestamp()).isEqualTo(storage.clock().now());

        storage.clock().advance(Duration.ofSeconds(30));
        storage.saved(s -> s.queueWorker().heartbeat(storage.clock(), worker));
        assertThat(storage.sql().select(QUEUE_WORKERS.LAST_SEEN_AT).from(QUEUE_WORKERS).fetchOne().value1()
                .toInstant()).isEqualTo(storage.clock().now());

        storage.saved(s -> s.queueWorker().shutdown(storage.clock(), worker));
        // a shut-down worker's heartbeat fails: it must stop
        assertThatThrownBy(() -> storage.saved(s -> s.queueWorker().heartbeat(storage.clock(), worker)))
                .isInstanceOf(NotAffectedException.class);
        // shutting down an unknown worker fails too
        assertThatThrownBy(() -> storage.saved(s -> s.queueWorker().shutdown(storage.clock(),
                new Worker(Ulid.generate(storage.clock(), storage.random())))))
                .isInstanceOf(NotAffectedException.class);
    }

    @Test
    void oneWorkerHoldsTheLeaseUntilItExpiresOrItShutsDown(TestStorage storage) throws InterruptedException {
        Worker first = register(storage);
        Worker second = register(storage);
        Duration lease = Duration.ofMillis(300);

        assertThat(storage.<Boolean>saved(s -> s.queueWorker().tryGetLeaderLease(storage.clock(), first, lease)))
                .isTrue();
        assertThat(storage.<Boolean>saved(s -> s.queueWorker().tryGetLeaderLease(storage.clock(), second, lease)))
                .isFalse();
        assertThat(storage.<Boolean>read(s -> s.queueWorker().holdLeaderLease(first))).isTrue();
        assertThat(storage.<Boolean>read(s -> s.queueWorker().holdLeaderLease(second))).isFalse();
        // the holder renews it
        assertThat(storage.<Boolean>saved(s -> s.queueWorker().tryGetLeaderLease(storage.clock(), first, lease)))
                .isTrue();
        // not expired yet: nothing removed
        storage.saved(s -> s.queueWorker().removeLeaderLeaseIfExpired(storage.clock()));
        assertThat(storage.sql().fetchCount(QUEUE_LEADER)).isEqualTo(1);

        Thread.sleep(lease.toMillis() + 100); // the lease expires by the database's clock
        assertThat(storage.<Boolean>read(s -> s.queueWorker().holdLeaderLease(first))).as("expired").isFalse();
        assertThat(storage.<Boolean>saved(s -> s.queueWorker().tryGetLeaderLease(storage.clock(), second, lease)))
                .as("an expired lease still blocks until it is removed").isFalse();
        storage.saved(s -> s.queueWorker().removeLeaderLeaseIfExpired(storage.clock()));
        assertThat(storage.<Boolean>saved(s -> s.queueWorker().tryGetLeaderLease(storage.clock(), second, lease)))
                .isTrue();
        assertThat(storage.<Boolean>saved(s -> s.queueWorker().tryGetLeaderLease(storage.clock(), first, lease)))
                .isFalse();

        // shutting down gives the lease up at once
        storage.saved(s -> s.queueWorker().shutdown(storage.clock(), second));
        assertThat(storage.sql().fetchCount(QUEUE_LEADER)).isZero();
        assertThat(storage.<Boolean>saved(s -> s.queueWorker().tryGetLeaderLease(storage.clock(), first)))
                .isTrue();
    }

    @Test
    void aScheduledJobIsReservedOnceAndCompleted(TestStorage storage) {
        Worker worker = register(storage);
        Ulid first = schedule(storage, "email", PAYLOAD);
        Ulid second = schedule(storage, "email", JsonValue.parse("[1, 2]"));
        Ulid other = schedule(storage, "provision", JsonValue.EMPTY_OBJECT);

        QueuedJob stored = lookup(storage, first);
        assertThat(stored.state()).isEqualTo(new JobState.Available());
        assertThat(stored.payload()).isEqualTo(PAYLOAD);
        assertThat(stored.metadata()).isEqualTo(JsonValue.EMPTY_OBJECT);
        assertThat(stored.attempt()).isZero();
        assertThat(stored.createdAt()).isEqualTo(first.timestamp());

        List<Job> reserved = reserve(storage, worker, List.of("email"), 1);
        assertThat(reserved).extracting(Job::id).containsExactly(first); // oldest first, at most count
        assertThat(reserved.getFirst().payload()).isEqualTo(PAYLOAD);
        assertThat(lookup(storage, first).state())
                .isEqualTo(new JobState.Running(storage.clock().now(), worker.id()));

        assertThat(reserve(storage, worker, List.of("email", "unknown"), 10)).extracting(Job::id)
                .containsExactly(second);
        assertThat(reserve(storage, worker, List.of("email"), 10)).isEmpty();
        assertThat(reserve(storage, worker, List.of(), 10)).isEmpty();
        assertThat(lookup(storage, other).state()).isEqualTo(new JobState.Available());

        storage.saved(s -> s.queueJob().markAsCompleted(storage.clock(), first));
        assertThat(lookup(storage, first).state()).isInstanceOf(JobState.Completed.class);
        // completing it again: it is no longer running
        assertThatThrownBy(() -> storage.saved(s -> s.queueJob().markAsCompleted(storage.clock(), first)))
                .isInstanceOf(NotAffectedException.class);
        assertThatThrownBy(() -> storage.saved(s -> s.queueJob().markAsFailed(storage.clock(), first, "late")))
                .isInstanceOf(NotAffectedException.class);
    }

    @Test
    void aFailedJobKeepsItsReasonAndIsRetriedAsANewLinkedJob(TestStorage storage) {
        Worker worker = register(storage);
        storage.saved(s -> s.queueSchedule().setup(List.of("cleanup-daily")));
        Ulid job = storage.saved(s -> s.queueJob().scheduleLater(storage.clock(), storage.random(), "cleanup",
                PAYLOAD, JsonValue.parse("{\"trace_id\": \"abc\"}"), storage.clock().now(),
                Optional.of("cleanup-daily")));
        assertThat(storage.<Integer>saved(s -> s.queueJob().scheduleAvailableJobs(storage.clock()))).isEqualTo(1);
        reserve(storage, worker, List.of("cleanup"), 1);

        assertThatThrownBy(() -> storage.saved(s -> s.queueJob().retry(storage.clock(), storage.random(), job,
                Duration.ZERO)))
                .as("a running job is not retried").isInstanceOf(NotAffectedException.class);
        storage.saved(s -> s.queueJob().markAsFailed(storage.clock(), job, "SMTP server said 451"));
        storage.clock().advance(Duration.ofSeconds(1));
        Ulid next = storage.saved(s -> s.queueJob().retry(storage.clock(), storage.random(), job,
                Duration.ofSeconds(10)));

        JobState.Failed failed = (JobState.Failed) lookup(storage, job).state();
        assertThat(failed.reason()).isEqualTo("SMTP server said 451");
        assertThat(failed.nextAttempt()).contains(next);
        QueuedJob retried = lookup(storage, next);
        assertThat(retried.attempt()).isEqualTo(1);
        assertThat(retried.payload()).isEqualTo(PAYLOAD);
        assertThat(retried.metadata()).isEqualTo(JsonValue.parse("{\"trace_id\": \"abc\"}"));
        assertThat(retried.scheduleName()).contains("cleanup-daily");
        assertThat(retried.state()).isEqualTo(new JobState.Scheduled(storage.clock().now().plusSeconds(10)));
        // the schedule follows its job's retry
        assertThat(storage.<List<ScheduleStatus>>read(s -> s.queueSchedule().list())).containsExactly(
                new ScheduleStatus("cleanup-daily", Optional.of(storage.clock().now().plusSeconds(10)),
                        Optional.of(false)));
        // retried once only
        assertThatThrownBy(() -> storage.saved(s -> s.queueJob().retry(storage.clock(), storage.random(), job,
                Duration.ZERO))).isInstanceOf(NotAffectedException.class);

        // not before its time
        assertThat(storage.<Integer>saved(s -> s.queueJob().scheduleAvailableJobs(storage.clock()))).isZero();
        storage.clock().advance(Duration.ofSeconds(10));
        assertThat(storage.<Integer>saved(s -> s.queueJob().scheduleAvailableJobs(storage.clock()))).isEqualTo(1);
        assertThat(reserve(storage, worker, List.of("cleanup"), 5)).extracting(Job::attempt).containsExactly(1);
    }

    @Test
    void schedulesListTheirLastJobAndWhetherItFinished(TestStorage storage) {
        storage.saved(s -> s.queueSchedule().setup(List.of("b", "a")));
        storage.saved(s -> s.queueSchedule().setup(List.of("a", "c"))); // repeats keep their state
        assertThat(storage.<List<ScheduleStatus>>read(s -> s.queueSchedule().list())).containsExactly(
                new ScheduleStatus("a", Optional.empty(), Optional.empty()),
                new ScheduleStatus("b", Optional.empty(), Optional.empty()),
                new ScheduleStatus("c", Optional.empty(), Optional.empty()));

        Instant at = storage.clock().now().plusSeconds(60);
        Ulid job = storage.saved(s -> s.queueJob().scheduleLater(storage.clock(), storage.random(), "q",
                JsonValue.EMPTY_OBJECT, JsonValue.EMPTY_OBJECT, at, Optional.of("a")));
        assertThat(lookup(storage, job).state()).isEqualTo(new JobState.Scheduled(at));
        assertThat(storage.<List<ScheduleStatus>>read(s -> s.queueSchedule().list()).getFirst())
                .isEqualTo(new ScheduleStatus("a", Optional.of(at), Optional.of(false)));

        storage.sql().update(QUEUE_JOBS).set(QUEUE_JOBS.STATUS, QueueJobStatus.completed).execute();
        assertThat(storage.<List<ScheduleStatus>>read(s -> s.queueSchedule().list()).getFirst())
                .isEqualTo(new ScheduleStatus("a", Optional.of(at), Optional.of(true)));
    }

    @Test
    void anUnknownScheduleIsRefusedAndTheSessionStaysUsable(TestStorage storage) {
        Ulid scheduled = storage.saved(s -> s.queueJob()
                .scheduleLater(storage.clock(), storage.random(), "q", JsonValue.EMPTY_OBJECT, JsonValue.EMPTY_OBJECT,
                        storage.clock().now(), Optional.of("nope"))
                .onErrorResume(IllegalArgumentException.class, e -> {
                    assertThat(e).hasMessageContaining("no recurring schedule named 'nope'");
                    return Mono.empty();
                })
                .then(s.queueJob().schedule(storage.clock(), storage.random(), "q", PAYLOAD, JsonValue.EMPTY_OBJECT)));
        assertThat(storage.sql().fetchCount(QUEUE_JOBS)).isEqualTo(1);
        assertThat(lookup(storage, scheduled).payload()).isEqualTo(PAYLOAD);
    }

    @Test
    void deadWorkersAreShutDownAndTheirRunningJobsMarkedLost(TestStorage storage) {
        Worker dead = register(storage);
        Worker alive = register(storage);
        Ulid running = schedule(storage, "q", PAYLOAD);
        Ulid waiting = schedule(storage, "q", PAYLOAD);
        reserve(storage, dead, List.of("q"), 1);

        storage.clock().advance(Duration.ofMinutes(3));
        storage.saved(s -> s.queueWorker().heartbeat(storage.clock(), alive));
        DeadWorkers result = storage.saved(s -> s.queueWorker().shutdownDeadWorkers(storage.clock(),
                Duration.ofMinutes(2)));

        assertThat(result.workers()).isEqualTo(1);
        assertThat(result.lostJobs()).extracting(Job::id).containsExactly(running);
        assertThat(lookup(storage, running).state()).isEqualTo(new JobState.Lost(Optional.empty()));
        assertThat(lookup(storage, waiting).state()).isEqualTo(new JobState.Available());
        assertThatThrownBy(() -> storage.saved(s -> s.queueWorker().heartbeat(storage.clock(), dead)))
                .isInstanceOf(NotAffectedException.class);
        storage.saved(s -> s.queueWorker().heartbeat(storage.clock(), alive));
        // a worker taken for dead reserves nothing more
        assertThat(reserve(storage, dead, List.of("q"), 5)).isEmpty();
        assertThat(lookup(storage, waiting).state()).isEqualTo(new JobState.Available());

        // a lost job is retried like a failed one; a repeat finds nothing more to do
        Ulid next = storage.saved(s -> s.queueJob().retry(storage.clock(), storage.random(), running, Duration.ZERO));
        assertThat(lookup(storage, running).state()).isEqualTo(new JobState.Lost(Optional.of(next)));
        assertThat(storage.<DeadWorkers>saved(s -> s.queueWorker().shutdownDeadWorkers(storage.clock(),
                Duration.ofMinutes(2)))).isEqualTo(new DeadWorkers(0, List.of()));
    }

    @Test
    void cleanupDeletesFinishedJobsInBatchesAndKeepsTheOthers(TestStorage storage) {
        Worker worker = register(storage);
        Instant start = storage.clock().now();
        for (int i = 0; i < 5; i++) {
            schedule(storage, "q", JsonValue.EMPTY_OBJECT);
        }
        Ulid pending = schedule(storage, "q", JsonValue.EMPTY_OBJECT);
        List<Job> jobs = reserve(storage, worker, List.of("q"), 5);
        storage.saved(s -> s.queueJob().markAsCompleted(storage.clock(), jobs.get(0).id())
                .then(s.queueJob().markAsCompleted(storage.clock(), jobs.get(1).id()))
                .then(s.queueJob().markAsFailed(storage.clock(), jobs.get(2).id(), "x"))
                .then(s.queueJob().markAsCompleted(storage.clock(), jobs.get(3).id())));
        Instant until = storage.clock().advance(Duration.ofSeconds(1));

        Cleanup first = storage.saved(s -> s.queueJob().cleanup(null, until, 2));
        assertThat(first).isEqualTo(new Cleanup(2, Optional.of(jobs.get(1).id().timestamp())));
        Cleanup second = storage.saved(s -> s.queueJob().cleanup(first.resumeFrom().get(), until, 2));
        assertThat(second).isEqualTo(new Cleanup(2, Optional.of(jobs.get(3).id().timestamp())));
        assertThat(storage.<Cleanup>saved(s -> s.queueJob().cleanup(second.resumeFrom().get(), until, 2)))
                .isEqualTo(Cleanup.NOTHING);
        assertThat(storage.<Cleanup>saved(s -> s.queueJob().cleanup(null, start, 2))).isEqualTo(Cleanup.NOTHING);

        assertThat(storage.sql().select(QUEUE_JOBS.QUEUE_JOB_ID).from(QUEUE_JOBS).orderBy(QUEUE_JOBS.QUEUE_JOB_ID)
                .fetch(r -> Ulid.fromUuid(r.value1()))).containsExactly(jobs.get(4).id(), pending);
        assertThatThrownBy(() -> storage.saved(s -> s.queueJob().cleanup(null, until, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manyJobsAreCompletedInOneStatement(TestStorage storage) {
        Worker worker = register(storage);
        Ulid a = schedule(storage, "q", JsonValue.EMPTY_OBJECT);
        Ulid b = schedule(storage, "q", JsonValue.EMPTY_OBJECT);
        Ulid waiting = schedule(storage, "other", JsonValue.EMPTY_OBJECT);
        reserve(storage, worker, List.of("q"), 5);

        List<Ulid> marked = storage.saved(s -> s.queueJob().markAsCompleted(storage.clock(), List.of(b, waiting, a)));

        assertThat(marked).containsExactly(a, b); // only running jobs, in id order
        assertThat(lookup(storage, a).state()).isInstanceOf(JobState.Completed.class);
        assertThat(lookup(storage, waiting).state()).isEqualTo(new JobState.Available());
        assertThat(storage.<List<Ulid>>saved(s -> s.queueJob().markAsCompleted(storage.clock(), List.of()))).isEmpty();
    }
}
