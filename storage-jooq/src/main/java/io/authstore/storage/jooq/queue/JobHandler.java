package io.authstore.storage.jooq.queue;

import io.authstore.storage.queue.Job;
import reactor.core.publisher.Mono;

/**
 * Runs the jobs of one queue. The job is completed when the Mono completes; it fails when the Mono fails (or this
 * method throws, or the job times out): with a {@link JobException#fail} it is not retried, with any other error it
 * is retried with backoff until its attempts are used up. The handler must not block a Reactor thread; a handler
 * that has to block can wrap its work in {@code Mono.fromCallable(…).subscribeOn(Schedulers.boundedElastic())}.
 */
@FunctionalInterface
public interface JobHandler {

    Mono<Void> run(Job job);
}
