package io.authstore.storage.jooq.queue;

/**
 * A job's failure with the handler's decision on retrying it. Any other exception from a handler counts as
 * {@link #retry retryable}.
 */
public final class JobException extends RuntimeException {

    private final boolean retryable;

    private JobException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** Failed for good: running it again would fail again (a payload it cannot use, a user that is gone). */
    public static JobException fail(String message) {
        return new JobException(message, null, false);
    }

    public static JobException fail(String message, Throwable cause) {
        return new JobException(message, cause, false);
    }

    /** Failed this time (a server that did not answer): retried later, with backoff. */
    public static JobException retry(String message, Throwable cause) {
        return new JobException(message, cause, true);
    }

    public boolean retryable() {
        return retryable;
    }

    /** Whether a handler's error allows another attempt. */
    static boolean retryable(Throwable error) {
        return !(error instanceof JobException job) || job.retryable;
    }
}
