package io.authstore.storage.policy;

import io.authstore.storage.JsonValue;
import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;

/** One version of the policy data; the newest one is in force. */
public record PolicyData(Ulid id, Instant createdAt, JsonValue data) {

    public PolicyData {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(data, "data");
    }
}
