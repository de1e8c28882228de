package io.authstore.storage.queue;

import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Where a stored job is in its life: scheduled, available, running, then completed, failed or lost. */
public sealed interface JobState {

    /** Not before {@code at}; the leader makes it available then. */
    record Scheduled(Instant at) implements JobState {
        public Scheduled {
            Objects.requireNonNull(at, "at");
        }
    }

    /** Waiting for a worker. */
    record Available() implements JobState {}

    /** Reserved by {@code worker} at {@code startedAt}. */
    record Running(Instant startedAt, Ulid worker) implements JobState {
        public Running {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(worker, "worker");
        }
    }

    record Completed(Instant startedAt, Instant completedAt) implements JobState {
        public Completed {
            Objects.requireNonNull(completedAt, "completedAt");
        }
    }

    /** The handler failed; {@code nextAttempt} is the retry, if one was scheduled. */
    record Failed(Instant failedAt, String reason, Optional<Ulid> nextAttempt) implements JobState {
        public Failed {
            Objects.requireNonNull(failedAt, "failedAt");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(nextAttempt, "nextAttempt");
        }
    }

    /** The worker running it went away (its heartbeat stopped); {@code nextAttempt} is the retry, if any. */
    record Lost(Optional<Ulid> nextAttempt) implements JobState {
        public Lost {
            Objects.requireNonNull(nextAttempt, "nextAttempt");
        }
    }
}
