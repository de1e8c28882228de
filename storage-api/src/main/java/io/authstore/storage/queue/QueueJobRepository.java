package io.authstore.storage.queue;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.JsonValue;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Jobs on named queues. A job is scheduled (available now, or scheduled for later), reserved by one worker, and then
 * completed or failed; a failed or lost job is retried as a new job, linked from the old one as its next attempt.
 * Queue names are free text (not empty, no NUL); payload and metadata are {@link JsonValue}s, stored as
 * {@code jsonb}: what is read back equals what was scheduled (in jsonb's spelling, see {@link JsonValue}).
 */
public interface QueueJobRepository {

    /** Schedules a job to run as soon as a worker is free; returns its id. Idle workers are notified on commit. */
    Mono<Ulid> schedule(Clock clock, RandomSource random, String queueName, JsonValue payload, JsonValue metadata);

    /**
     * Schedules a job not to run before {@code scheduledAt}; returns its id. With a {@code scheduleName} the job comes
     * from that recurring schedule, which then remembers it as its last job; {@code IllegalArgumentException} when
     * there is no schedule of that name (nothing is written).
     */
    Mono<Ulid> scheduleLater(Clock clock, RandomSource random, String queueName, JsonValue payload, JsonValue metadata,
            Instant scheduledAt, Optional<String> scheduleName);

    /**
     * Reserves up to {@code count} available jobs of the given queues, oldest first, for {@code worker}: they become
     * running, started now. Concurrent callers never get the same job: rows another transaction is reserving are
     * skipped ({@code FOR UPDATE SKIP LOCKED}), not waited for. An empty list when there is nothing to do, and for a
     * worker that is shut down (the leader may have taken it for dead: the jobs would be marked lost under it).
     */
    Mono<List<Job>> reserve(Clock clock, Worker worker, Collection<String> queues, int count);

    /** Marks a running job completed now; {@code NotAffectedException} when it is not running (any more). */
    Mono<Void> markAsCompleted(Clock clock, Ulid id);

    /**
     * Marks many running jobs completed now, in one statement; returns the ids it marked (those of {@code ids} that
     * were still running). A worker finishing many jobs per tick uses this instead of one statement per job.
     */
    Mono<List<Ulid>> markAsCompleted(Clock clock, Collection<Ulid> ids);

    /** Marks a running job failed now, storing why; {@code NotAffectedException} when it is not running. */
    Mono<Void> markAsFailed(Clock clock, Ulid id, String reason);

    /**
     * Schedules the next attempt of a failed or lost job: a new job with the same queue, payload, metadata and
     * schedule, attempt one higher, scheduled {@code delay} from now; the old job points to it, and a schedule whose
     * last job was the old one now names the new one. Returns the new job's id; {@code NotAffectedException} when
     * the job is not failed or lost.
     */
    Mono<Ulid> retry(Clock clock, RandomSource random, Ulid id, Duration delay);

    /** Makes every scheduled job whose time has come available; returns how many. */
    Mono<Integer> scheduleAvailableJobs(Clock clock);

    /**
     * Deletes up to {@code limit} completed or failed jobs created in {@code [since, until)} ({@code since} null: from
     * the beginning), oldest first; the result says where the next batch starts.
     */
    Mono<Cleanup> cleanup(Instant since, Instant until, int limit);

    /** The job as stored; empty when there is none. */
    Mono<QueuedJob> lookup(Ulid id);
}
