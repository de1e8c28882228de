package io.authstore.storage.jooq.queue;

import io.authstore.storage.Ulid;
import io.authstore.storage.queue.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs a worker's reserved jobs, each on its queue's handler, bounded by {@code jobTimeout}, and collects what became
 * of them for the worker's next tick; {@code onFinished} wakes the worker.
 */
final class JobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final int MAX_REASON_LENGTH = 4000;

    /** What became of a job: {@code error} null when it completed. */
    record Outcome(Job job, Throwable error) {}

    private final JobHandlers handlers;
    private final Duration jobTimeout;
    private final Runnable onFinished;
    private final Map<Ulid, Disposable> running = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Outcome> finished = new ConcurrentLinkedQueue<>();

    JobRunner(JobHandlers handlers, Duration jobTimeout, Runnable onFinished) {
        this.handlers = handlers;
        this.jobTimeout = jobTimeout;
        this.onFinished = onFinished;
    }

    void start(Job job) {
        JobHandler handler = handlers.handler(job.queueName());
        // in the map before it can finish, so that finish() always removes it
        Disposable.Swap execution = Disposables.swap();
        running.put(job.id(), execution);
        execution.update(Mono.defer(() -> handler.run(job))
                .subscribeOn(Schedulers.parallel())
                .timeout(jobTimeout, Mono.error(() -> new JobTimeoutException(jobTimeout)))
                .subscribe(null, error -> finish(job, error), () -> finish(job, null)));
    }

    private void finish(Job job, Throwable error) {
        if (error != null) {
            LOG.warn("job {} on queue {} (attempt {}) failed: {}", job.id(), job.queueName(), job.attempt(),
                    error.toString());
        }
        finished.add(new Outcome(job, error));
        running.remove(job.id());
        onFinished.run();
    }

    /** The outcomes since the last call. */
    List<Outcome> drainFinished() {
        List<Outcome> outcomes = new ArrayList<>();
        for (Outcome outcome; (outcome = finished.poll()) != null; ) {
            outcomes.add(outcome);
        }
        return outcomes;
    }

    /** Outcomes that could not be recorded, for the next try. */
    void putBack(Collection<Outcome> outcomes) {
        finished.addAll(outcomes);
    }

    int running() {
        return running.size();
    }

    /** Cancels every running handler; their jobs stay running in the database (to be found lost). */
    void cancelAll() {
        running.values().forEach(Disposable::dispose);
    }

    /** The stored failure reason: the error's class and message, and its causes'. */
    static String reason(Throwable error) {
        StringBuilder reason = new StringBuilder();
        for (Throwable cause = error; cause != null && reason.length() < MAX_REASON_LENGTH; cause = cause.getCause()) {
            if (!reason.isEmpty()) {
                reason.append("; caused by ");
            }
            reason.append(cause.getClass().getName());
            if (cause.getMessage() != null) {
                reason.append(": ").append(cause.getMessage());
            }
        }
        String text = reason.toString().replace('\0', '\uFFFD');
        return text.length() > MAX_REASON_LENGTH ? text.substring(0, MAX_REASON_LENGTH) : text;
    }
}
