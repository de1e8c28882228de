package io.authstore.storage.queue;

import io.authstore.storage.JsonValue;
import io.authstore.storage.Ulid;
import java.util.Objects;

/**
 * A job a worker reserved: which queue it is on, what it carries, and which attempt this is (0 for the first run,
 * one more for each retry).
 */
public record Job(Ulid id, String queueName, JsonValue payload, JsonValue metadata, int attempt) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(metadata, "metadata");
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt " + attempt + " < 0");
        }
    }
}
