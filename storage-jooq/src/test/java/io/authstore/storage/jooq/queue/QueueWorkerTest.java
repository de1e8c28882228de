package io.authstore.storage.jooq.queue;

import static io.authstore.snapshot.Tables.QUEUE_JOBS;
import static io.authstore.snapshot.Tables.QUEUE_LEADER;
import static io.authstore.storage.jooq.queue.QueueTesting.await;
import static io.authstore.storage.jooq.queue.QueueTesting.insertJobs;
import static io.authstore.storage.jooq.queue.QueueTesting.percentile;
import static io.authstore.storage.jooq.queue.QueueTesting.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.snapshot.enums.QueueJobStatus;
import io.authstore.storage.Clock;
import io.authstore.storage.JsonValue;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.queue.QueueTesting.Process;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.queue.JobState;
import io.authstore.storage.queue.QueuedJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import reactor.core.publisher.Mono;

/** Workers against the real database. Timing matters here, so the class runs alone. */
@Isolated
@ExtendWith(StorageExtension.class)
class QueueWorkerTest {

    private static final QueueSettings FAST = QueueSettings.defaults()
            .withPollInterval(Duration.ofMillis(200))
            .withLiveness(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1))
            .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(200));

    @org.junit.jupiter.api.BeforeAll
    static void freshFigures() throws java.io.IOException {
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of("target", "queue-figures.txt"));
    }

    @Test
    void fourWorkersCompleteTenThousandJobsEachExactlyOnce(TestStorage storage) throws Exception {
        int jobs = 10_000;
        List<Ulid> ids = insertJobs(storage, "bulk", jobs, QueueJobStatus.available);
        Map<Ulid, AtomicInteger> runs = new ConcurrentHashMap<>();
        List<Set<Ulid>> byWorker = new ArrayList<>();
        List<Process> processes = new ArrayList<>();
        QueueSettings settings = FAST.withConcurrency(50, 50);
        try {
            for (int w = 0; w < 4; w++) {
                Set<Ulid> mine = ConcurrentHashMap.newKeySet();
                byWorker.add(mine);
                JobHandlers handlers = new JobHandlers().register("bulk", job -> Mono.fromRunnable(() -> {
                    runs.computeIfAbsent(job.id(), id -> new AtomicInteger()).incrementAndGet();
                    mine.add(job.id());
                }));
                processes.add(new Process(storage, true, handlers, List.of(), settings));
            }
            long start = System.nanoTime();
            processes.forEach(Process::start);
            await("every job completed", Duration.ofSeconds(90), () -> storage.sql().fetchCount(QUEUE_JOBS,
                    QUEUE_JOBS.STATUS.eq(QueueJobStatus.completed)) == jobs);
            double seconds = (System.nanoTime() - start) / 1e9;
            record(String.format("queue throughput: %d jobs with 4 workers (concurrency 50, fetchBatch 50) in %.2f s"
                    + " = %.0f jobs/s", jobs, seconds, jobs / seconds));
            for (Process process : processes) {
                process.stop();
            }
        } finally {
            processes.forEach(Process::close);
        }

        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(runs.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        Set<Ulid> union = new HashSet<>();
        for (Set<Ulid> mine : byWorker) {
            assertThat(mine).as("every worker took part").isNotEmpty();
            assertThat(Collections.disjoint(union, mine)).isTrue();
            union.addAll(mine);
        }
        assertThat(storage.sql().fetchCount(QUEUE_JOBS)).isEqualTo(jobs);
        assertThat(storage.sql().fetchCount(QUEUE_JOBS, QUEUE_JOBS.STATUS.eq(QueueJobStatus.completed)))
                .isEqualTo(jobs);
    }

    @Test
    void aKilledWorkersJobsAreMarkedLostAndRetriedByTheSurvivors(TestStorage storage) throws Exception {
        AtomicInteger started = new AtomicInteger();
        JobHandlers hanging = new JobHandlers().register("work", job -> {
            started.incrementAndGet();
            return Mono.never();
        });
        Map<Ulid, Integer> survivorsRan = new ConcurrentHashMap<>();
        List<Process> survivors = new ArrayList<>();
        try (Process doomed = new Process(storage, false, hanging, List.of(), FAST.withConcurrency(3, 3))) {
            doomed.start();
            List<Ulid> jobs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                jobs.add(storage.saved(s -> s.queueJob().schedule(Clock.system(), storage.random(), "work",
                        JsonValue.parse("{\"i\": 1}"), JsonValue.EMPTY_OBJECT)));
            }
            await("the doomed worker runs the 3 jobs", Duration.ofSeconds(10), () -> started.get() == 3);
            doomed.kill();

            for (int w = 0; w < 2; w++) {
                JobHandlers working = new JobHandlers().register("work", job -> Mono.fromRunnable(
                        () -> survivorsRan.put(job.id(), job.attempt())));
                survivors.add(new Process(storage, true, working, List.of(), FAST).start());
            }
            await("the survivors ran the retries", Duration.ofSeconds(15), () -> survivorsRan.size() == 3);

            for (Ulid id : jobs) {
                QueuedJob lost = storage.read(s -> s.queueJob().lookup(id));
                assertThat(lost.state()).isInstanceOf(JobState.Lost.class);
                Ulid next = ((JobState.Lost) lost.state()).nextAttempt().orElseThrow();
                assertThat(survivorsRan).containsEntry(next, 1);
                await("retry completed", Duration.ofSeconds(5), () -> storage.read(s -> s.queueJob().lookup(next))
                        .state() instanceof JobState.Completed);
            }
            assertThat(storage.sql().fetchCount(QUEUE_JOBS)).isEqualTo(6); // nothing lost, nothing run twice
            for (Process survivor : survivors) {
                survivor.stop();
            }
        } finally {
            survivors.forEach(Process::close);
        }
    }

    @Test
    void exactlyOneLeaderAtAnyMomentAndAnotherTakesOverAfterExpiry(TestStorage storage) throws Exception {
        QueueSettings settings = FAST.withPollInterval(Duration.ofMillis(100));
        List<Process> processes = new ArrayList<>();
        try {
            for (int w = 0; w < 3; w++) {
                processes.add(new Process(storage, false, new JobHandlers().register("q", job -> Mono.empty()),
                        List.of(), settings).start());
            }
            await("a leader", Duration.ofSeconds(5), () -> leader(storage) != null);
            UUID first = leader(storage);
            List<Process> alive = new ArrayList<>(processes);
            sampleLeadership(storage, alive, Duration.ofMillis(1500), first);

            // kill the leader: its lease expires (1 s) and another worker takes it
            Process killed = alive.stream().filter(p -> p.worker.worker().id().toUuid().equals(first)).findFirst()
                    .orElseThrow();
            long killedAt = System.nanoTime();
            killed.kill();
            alive.remove(killed);
            UUID second = awaitNewLeader(storage, alive, first);
            record(String.format("queue leader takeover after the leader was killed: %d ms (lease 1000 ms)",
                    (System.nanoTime() - killedAt) / 1_000_000));
            sampleLeadership(storage, alive, Duration.ofMillis(500), second);

            // a leader that stops cleanly gives the lease up at once
            Process stopping = alive.stream().filter(p -> p.worker.worker().id().toUuid().equals(second))
                    .findFirst().orElseThrow();
            stopping.stop();
            alive.remove(stopping);
            UUID third = awaitNewLeader(storage, alive, second);
            assertThat(third).isEqualTo(alive.getFirst().worker.worker().id().toUuid());
            alive.getFirst().stop();
        } finally {
            processes.forEach(Process::close);
        }
    }

    @Test
    void aLeaderThatStopsCleanlyIsReplacedAtOnceThroughTheStepdownNotification(TestStorage storage) throws Exception {
        Duration poll = Duration.ofSeconds(3);
        QueueSettings settings = FAST.withLiveness(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10))
                .withPollInterval(poll);
        List<Process> processes = new ArrayList<>();
        try {
            for (int w = 0; w < 2; w++) {
                processes.add(new Process(storage, true, new JobHandlers().register("q", job -> Mono.empty()),
                        List.of(), settings).start());
            }
            // both registered too: the leader may be elected before the other worker has its registration
            await("a leader", Duration.ofSeconds(10), () -> leader(storage) != null
                    && processes.stream().allMatch(p -> p.listener.isListening() && p.worker.worker() != null));
            UUID first = leader(storage);
            Process leading = processes.stream().filter(p -> p.worker.worker().id().toUuid().equals(first))
                    .findFirst().orElseThrow();
            long stopped = System.nanoTime();
            leading.stop();
            UUID second = awaitNewLeader(storage, processes, first);
            long takeover = (System.nanoTime() - stopped) / 1_000_000;
            record(String.format("queue leader takeover after the leader stopped cleanly: %d ms (poll interval %d ms)",
                    takeover, poll.toMillis()));
            assertThat(second).isNotEqualTo(first);
            // woken by the notification, not by its next poll
            assertThat(takeover).isLessThan(poll.toMillis());
            processes.stream().filter(p -> p != leading).findFirst().orElseThrow().stop();
        } finally {
            processes.forEach(Process::close);
        }
    }

    private static UUID leader(TestStorage storage) {
        return storage.sql().select(QUEUE_LEADER.QUEUE_WORKER_ID).from(QUEUE_LEADER).fetchOne(r -> r.value1());
    }

    /** For {@code duration}: one lease row naming {@code expected}, and no other live worker thinking it leads. */
    private static void sampleLeadership(TestStorage storage, List<Process> alive, Duration duration, UUID expected)
            throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        int samples = 0;
        while (System.nanoTime() < end) {
            assertThat(storage.sql().fetchCount(QUEUE_LEADER)).isEqualTo(1);
            assertThat(leader(storage)).isEqualTo(expected);
            assertThat(alive.stream().filter(p -> p.worker.isLeader()).map(p -> p.worker.worker().id().toUuid()))
                    .isSubsetOf(expected);
            samples++;
            Thread.sleep(20);
        }
        assertThat(samples).isGreaterThan(5);
    }

    private static UUID awaitNewLeader(TestStorage storage, List<Process> alive, UUID previous)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            assertThat(storage.sql().fetchCount(QUEUE_LEADER)).isLessThanOrEqualTo(1);
            UUID now = leader(storage);
            if (now != null && !now.equals(previous)) {
                assertThat(alive.stream().map(p -> p.worker.worker().id().toUuid())).contains(now);
                return now;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no new leader within 10 s");
    }

    @Test
    void aNotificationWakesAnIdleWorkerWellUnderThePollInterval(TestStorage storage) throws Exception {
        Duration poll = Duration.ofSeconds(5);
        QueueSettings settings = QueueSettings.defaults()
                .withLiveness(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(15))
                .withPollInterval(poll);
        BlockingQueue<Long> startedAt = new LinkedBlockingQueue<>();
        JobHandlers handlers = new JobHandlers().register("mail", job -> Mono.fromRunnable(
                () -> startedAt.add(System.nanoTime())));
        int samples = 100;
        List<Long> latencies = new ArrayList<>();
        try (Process process = new Process(storage, true, handlers, List.of(), settings)) {
            process.start();
            await("the listener listens", Duration.ofSeconds(10), () -> process.listener.isListening()
                    && process.worker.worker() != null);
            Thread.sleep(300); // the first tick is over; the worker sleeps
            RandomSource random = RandomSource.secure();
            for (int i = 0; i < samples; i++) {
                long scheduled = System.nanoTime();
                process.factory.transaction(s -> s.queueJob().schedule(Clock.system(), random, "mail",
                        JsonValue.EMPTY_OBJECT, JsonValue.EMPTY_OBJECT)).block(Duration.ofSeconds(10));
                Long start = startedAt.poll(10, TimeUnit.SECONDS);
                assertThat(start).as("job " + i + " started").isNotNull();
                latencies.add(start - scheduled);
                Thread.sleep(5);
            }
            process.stop();
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        long median = percentile(sorted, 0.5) / 1_000;
        long p99 = percentile(sorted, 0.99) / 1_000;
        record(String.format("queue wake-up latency, schedule() to handler start, idle worker woken by"
                + " notification: median %.1f ms, p99 %.1f ms (n=%d, poll interval %d ms)",
                median / 1000.0, p99 / 1000.0, samples, poll.toMillis()));
        // no tight timing: only that it is the notification, not the polling, that wakes the worker
        assertThat(median).isLessThan(poll.toMillis() * 1000 / 2);
    }

    @Test
    void withTheListenersConnectionKilledJobsStillRunAndTheListenerComesBack(TestStorage storage) throws Exception {
        BlockingQueue<Ulid> ran = new LinkedBlockingQueue<>();
        JobHandlers handlers = new JobHandlers().register("q", job -> Mono.fromRunnable(() -> ran.add(job.id())));
        QueueSettings settings = FAST.withPollInterval(Duration.ofMillis(300))
                .withLiveness(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(2));
        try (Process process = new Process(storage, true, handlers, List.of(), settings)) {
            process.start();
            await("the listener listens", Duration.ofSeconds(10), () -> process.listener.isListening());
            List<String> wakeUps = new CopyOnWriteArrayList<>();
            var subscription = process.listener.wakeUps().subscribe(wakeUps::add);

            List<Integer> pids = storage.sql().fetch("select pid from pg_stat_activity where datname = ? and"
                    + " application_name = ?", storage.database(), process.listener.applicationName())
                    .getValues(0, Integer.class);
            assertThat(pids).hasSize(1);
            assertThat(storage.sql().fetchValue("select pg_terminate_backend(?)", pids.getFirst())).isEqualTo(true);

            Ulid during = storage.saved(s -> s.queueJob().schedule(Clock.system(), storage.random(), "q",
                    JsonValue.EMPTY_OBJECT, JsonValue.EMPTY_OBJECT));
            assertThat(ran.poll(5, TimeUnit.SECONDS)).isEqualTo(during);

            await("the listener reconnected", Duration.ofSeconds(10),
                    () -> process.listener.connections() >= 2 && process.listener.isListening());
            wakeUps.clear();
            Ulid after = storage.saved(s -> s.queueJob().schedule(Clock.system(), storage.random(), "q",
                    JsonValue.EMPTY_OBJECT, JsonValue.EMPTY_OBJECT));
            await("a notification after reconnecting", Duration.ofSeconds(5),
                    () -> wakeUps.contains(JobListener.AVAILABLE_CHANNEL));
            assertThat(ran.poll(5, TimeUnit.SECONDS)).isEqualTo(after);
            subscription.dispose();
            process.stop();
        }
        assertThat(storage.sql().fetchCount(QUEUE_JOBS, QUEUE_JOBS.STATUS.eq(QueueJobStatus.completed))).isEqualTo(2);
    }
}
