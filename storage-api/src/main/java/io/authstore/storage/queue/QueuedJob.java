package io.authstore.storage.queue;

import io.authstore.storage.JsonValue;
import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A job as stored, with its state and, when it came from a recurring schedule, that schedule's name. */
public record QueuedJob(
        Ulid id,
        String queueName,
        JsonValue payload,
        JsonValue metadata,
        int attempt,
        Instant createdAt,
        JobState state,
        Optional<String> scheduleName) {

    public QueuedJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(scheduleName, "scheduleName");
    }
}
