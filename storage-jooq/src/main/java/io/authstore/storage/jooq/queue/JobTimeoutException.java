package io.authstore.storage.jooq.queue;

import java.time.Duration;

/** A handler that ran longer than {@code jobTimeout}: its job fails (and is retried while attempts remain). */
public final class JobTimeoutException extends RuntimeException {

    JobTimeoutException(Duration timeout) {
        super("the handler did not finish within " + timeout.toMillis() + " ms");
    }
}
