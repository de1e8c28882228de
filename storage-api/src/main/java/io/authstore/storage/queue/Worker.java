package io.authstore.storage.queue;

import io.authstore.storage.Ulid;
import java.util.Objects;

/** A registered queue worker, as {@link QueueWorkerRepository#register} returned it. */
public record Worker(Ulid id) {

    public Worker {
        Objects.requireNonNull(id, "id");
    }
}
