package io.authstore.storage.jooq.queue;

import static io.authstore.storage.jooq.queue.QueueTesting.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.Clock;
import io.authstore.storage.JsonValue;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.queue.QueueTesting.Process;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.queue.JobState;
import io.authstore.storage.queue.QueuedJob;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

/** A handler that throws, one that gives up, a queue nobody handles, bad settings: nothing is lost. */
@ExtendWith(StorageExtension.class)
class QueueWorkerFailuresTest {

    private static final QueueSettings SETTINGS = QueueSettings.defaults()
            .withPollInterval(Duration.ofMillis(100))
            .withLiveness(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(1))
            .withRetries(2, Duration.ofMillis(100), Duration.ofSeconds(1))
            .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMillis(200));

    private static Ulid schedule(TestStorage storage, String queue) {
        return storage.saved(s -> s.queueJob().schedule(Clock.system(), storage.random(), queue,
                JsonValue.parse("{\"to\": \"alice@example.com\"}"), JsonValue.EMPTY_OBJECT));
    }

    private static QueuedJob lookup(TestStorage storage, Ulid id) {
        return storage.read(s -> s.queueJob().lookup(id));
    }

    @Test
    void failuresAreStoredWithTheirReasonAndRetriedUpToTheLimit(TestStorage storage) throws Exception {
        AtomicInteger thrown = new AtomicInteger();
        JobHandlers handlers = new JobHandlers()
                .register("throws", job -> {
                    thrown.incrementAndGet();
                    throw new IllegalStateException("boom on attempt " + job.attempt());
                })
                .register("gives-up", job -> Mono.error(JobException.fail("the payload names no user")))
                .register("hangs", job -> Mono.never())
                .register("works", job -> Mono.empty());
        Ulid throwing = schedule(storage, "throws");
        Ulid givingUp = schedule(storage, "gives-up");
        Ulid hanging = schedule(storage, "hangs");
        Ulid unhandled = schedule(storage, "nobody-handles-this");
        Ulid working = schedule(storage, "works");

        try (Process process = new Process(storage, true, handlers, List.of(), SETTINGS)) {
            process.start();
            await("two attempts of the throwing job", Duration.ofSeconds(10), () -> thrown.get() == 2
                    && lookup(storage, throwing).state() instanceof JobState.Failed first
                    && first.nextAttempt().isPresent()
                    && lookup(storage, first.nextAttempt().get()).state() instanceof JobState.Failed);
            await("the hanging job timed out twice", Duration.ofSeconds(10),
                    () -> lookup(storage, hanging).state() instanceof JobState.Failed first
                            && first.nextAttempt().isPresent()
                            && lookup(storage, first.nextAttempt().get()).state() instanceof JobState.Failed);
            process.stop();
        }

        JobState.Failed first = (JobState.Failed) lookup(storage, throwing).state();
        assertThat(first.reason()).isEqualTo("java.lang.IllegalStateException: boom on attempt 0");
        QueuedJob second = lookup(storage, first.nextAttempt().get());
        assertThat(second.attempt()).isEqualTo(1);
        assertThat(second.payload()).isEqualTo(JsonValue.parse("{\"to\": \"alice@example.com\"}"));
        JobState.Failed last = (JobState.Failed) second.state();
        assertThat(last.reason()).isEqualTo("java.lang.IllegalStateException: boom on attempt 1");
        assertThat(last.nextAttempt()).as("2 attempts at most").isEmpty();

        JobState.Failed gaveUp = (JobState.Failed) lookup(storage, givingUp).state();
        assertThat(gaveUp.reason()).contains("JobException: the payload names no user");
        assertThat(gaveUp.nextAttempt()).as("a JobException.fail is not retried").isEmpty();

        JobState.Failed timedOut = (JobState.Failed) lookup(storage, hanging).state();
        assertThat(timedOut.reason()).contains("did not finish within 500 ms");

        assertThat(lookup(storage, working).state()).isInstanceOf(JobState.Completed.class);
        // a queue no worker handles: the job waits, untouched, for a worker that does
        assertThat(lookup(storage, unhandled).state()).isEqualTo(new JobState.Available());
    }

    @Test
    void unknownQueuesAndBadSettingsAreRefusedClearly() {
        JobHandlers handlers = new JobHandlers().register("email", job -> Mono.empty());
        assertThatThrownBy(() -> handlers.handler("emial"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no handler for queue 'emial'; this worker handles [email]");
        assertThatThrownBy(() -> handlers.register("email", job -> Mono.empty()))
                .hasMessage("queue 'email' already has a handler");
        assertThatThrownBy(() -> handlers.register(" ", job -> Mono.empty()))
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> QueueSettings.defaults().withConcurrency(2, 5))
                .hasMessageContaining("fetchBatch 5 > concurrency 2");
        assertThatThrownBy(() -> QueueSettings.defaults().withLiveness(Duration.ofMinutes(3), Duration.ofMinutes(2),
                Duration.ofSeconds(5))).hasMessageContaining("heartbeatInterval");
        assertThatThrownBy(() -> QueueSettings.defaults().withPollInterval(Duration.ofSeconds(3)))
                .hasMessageContaining("leaseDuration");
        assertThatThrownBy(() -> QueueSettings.defaults().withPollInterval(Duration.ZERO))
                .hasMessageContaining("pollInterval must be more than zero");
        assertThat(QueueSettings.defaults().retryDelay(0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(QueueSettings.defaults().retryDelay(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(QueueSettings.defaults().retryDelay(30)).isEqualTo(Duration.ofHours(1));
        assertThat(new RecurringJob("s", "q", JsonValue.EMPTY_OBJECT, Duration.ofMinutes(15))
                .nextAfter(java.time.Instant.parse("2026-01-01T10:07:00Z")))
                .isEqualTo(java.time.Instant.parse("2026-01-01T10:15:00Z"));
    }

    @Test
    void theLeaderSchedulesRecurringJobsOneAtATime(TestStorage storage) throws Exception {
        AtomicInteger runs = new AtomicInteger();
        JobHandlers handlers = new JobHandlers().register("tick", job -> Mono.fromRunnable(runs::incrementAndGet));
        RecurringJob every200ms = new RecurringJob("ticker", "tick", JsonValue.parse("{\"what\": \"tick\"}"),
                Duration.ofMillis(200));
        try (Process process = new Process(storage, true, handlers, List.of(every200ms), SETTINGS)) {
            process.start();
            await("three recurring runs", Duration.ofSeconds(10), () -> runs.get() >= 3);
            process.stop();
        }
        List<io.authstore.storage.queue.ScheduleStatus> statuses = storage.read(s -> s.queueSchedule().list());
        var status = statuses.getFirst();
        assertThat(status.scheduleName()).isEqualTo("ticker");
        assertThat(status.lastScheduledAt()).isPresent();
        assertThat(statuses).hasSize(1);
        assertThat(Optional.of(runs.get())).hasValueSatisfying(n -> assertThat(n).isGreaterThanOrEqualTo(3));
    }
}
