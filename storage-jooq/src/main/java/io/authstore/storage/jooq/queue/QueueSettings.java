package io.authstore.storage.jooq.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link QueueWorker} runs. Every wait is bounded by one of these; {@link #defaults()} are MAS's where MAS has
 * one (10 jobs in flight, 5 fetched at a time, about 1 s between polls, 5 s leases, workers dead after 2 minutes
 * without a heartbeat, 10 attempts, 5 s doubling retry delay).
 *
 * @param concurrency jobs one worker runs at the same time
 * @param fetchBatch jobs reserved at most per tick (at most {@code concurrency})
 * @param pollInterval how long an idle worker sleeps when no notification wakes it (jittered by ±10%)
 * @param heartbeatInterval how often a worker says it is alive (less than {@code deadWorkerThreshold})
 * @param deadWorkerThreshold a worker not seen for this long is shut down and its running jobs retried
 * @param leaseDuration how long the leader lease lasts unrenewed (more than twice {@code pollInterval})
 * @param maxAttempts runs of a job at most, the first included; a job failing its last attempt stays failed
 * @param retryBaseDelay the first retry's delay, doubled for each further attempt
 * @param maxRetryDelay the longest retry delay
 * @param jobTimeout a handler still running after this fails its job (and is cancelled)
 * @param shutdownTimeout how long a stopping worker waits for its running jobs; jobs still running then are left to
 *     be retried by the others
 * @param reconnectDelay how long the job listener waits before reconnecting, and how often it checks its connection
 */
public record QueueSettings(
        int concurrency,
        int fetchBatch,
        Duration pollInterval,
        Duration heartbeatInterval,
        Duration deadWorkerThreshold,
        Duration leaseDuration,
        int maxAttempts,
        Duration retryBaseDelay,
        Duration maxRetryDelay,
        Duration jobTimeout,
        Duration shutdownTimeout,
        Duration reconnectDelay) {

    public QueueSettings {
        positive("concurrency", concurrency);
        positive("fetchBatch", fetchBatch);
        positive("maxAttempts", maxAttempts);
        positive("pollInterval", pollInterval);
        positive("heartbeatInterval", heartbeatInterval);
        positive("deadWorkerThreshold", deadWorkerThreshold);
        positive("leaseDuration", leaseDuration);
        positive("retryBaseDelay", retryBaseDelay);
        positive("maxRetryDelay", maxRetryDelay);
        positive("jobTimeout", jobTimeout);
        positive("shutdownTimeout", shutdownTimeout);
        positive("reconnectDelay", reconnectDelay);
        if (fetchBatch > concurrency) {
            throw new IllegalArgumentException("fetchBatch " + fetchBatch + " > concurrency " + concurrency
                    + ": a worker cannot reserve more jobs than it may run");
        }
        if (heartbeatInterval.compareTo(deadWorkerThreshold) >= 0) {
            throw new IllegalArgumentException("heartbeatInterval " + heartbeatInterval + " must be shorter than"
                    + " deadWorkerThreshold " + deadWorkerThreshold + ", or live workers are taken for dead");
        }
        if (leaseDuration.compareTo(pollInterval.multipliedBy(2)) <= 0) {
            throw new IllegalArgumentException("leaseDuration " + leaseDuration + " must be more than twice"
                    + " pollInterval " + pollInterval + ", or the leader loses its lease between two ticks");
        }
        if (retryBaseDelay.compareTo(maxRetryDelay) > 0) {
            throw new IllegalArgumentException("retryBaseDelay " + retryBaseDelay + " > maxRetryDelay "
                    + maxRetryDelay);
        }
    }

    public static QueueSettings defaults() {
        return new QueueSettings(10, 5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(2),
                Duration.ofSeconds(5), 10, Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofMinutes(5),
                Duration.ofSeconds(30), Duration.ofSeconds(1));
    }

    /** The delay before the next attempt of a job whose attempt {@code attempt} (0 for the first) failed. */
    public Duration retryDelay(int attempt) {
        Duration delay = retryBaseDelay;
        for (int i = 0; i < attempt && delay.compareTo(maxRetryDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
    }

    /** Whether a job whose attempt {@code attempt} failed gets another. */
    public boolean retries(int attempt) {
        return attempt + 1 < maxAttempts;
    }

    public QueueSettings withConcurrency(int concurrency, int fetchBatch) {
        return new QueueSettings(concurrency, fetchBatch, pollInterval, heartbeatInterval, deadWorkerThreshold,
                leaseDuration, maxAttempts, retryBaseDelay, maxRetryDelay, jobTimeout, shutdownTimeout,
                reconnectDelay);
    }

    public QueueSettings withPollInterval(Duration pollInterval) {
        return new QueueSettings(concurrency, fetchBatch, pollInterval, heartbeatInterval, deadWorkerThreshold,
                leaseDuration, maxAttempts, retryBaseDelay, maxRetryDelay, jobTimeout, shutdownTimeout,
                reconnectDelay);
    }

    public QueueSettings withLiveness(Duration heartbeatInterval, Duration deadWorkerThreshold, Duration leaseDuration) {
        return new QueueSettings(concurrency, fetchBatch, pollInterval, heartbeatInterval, deadWorkerThreshold,
                leaseDuration, maxAttempts, retryBaseDelay, maxRetryDelay, jobTimeout, shutdownTimeout,
                reconnectDelay);
    }

    public QueueSettings withRetries(int maxAttempts, Duration retryBaseDelay, Duration maxRetryDelay) {
        return new QueueSettings(concurrency, fetchBatch, pollInterval, heartbeatInterval, deadWorkerThreshold,
                leaseDuration, maxAttempts, retryBaseDelay, maxRetryDelay, jobTimeout, shutdownTimeout,
                reconnectDelay);
    }

    public QueueSettings withTimeouts(Duration jobTimeout, Duration shutdownTimeout, Duration reconnectDelay) {
        return new QueueSettings(concurrency, fetchBatch, pollInterval, heartbeatInterval, deadWorkerThreshold,
                leaseDuration, maxAttempts, retryBaseDelay, maxRetryDelay, jobTimeout, shutdownTimeout,
                reconnectDelay);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be more than zero, not " + value);
        }
    }
}
