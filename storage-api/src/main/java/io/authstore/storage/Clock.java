package io.authstore.storage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where "now" comes from. Repositories never read the system clock: every operation that stamps a time takes a
 * clock, so tests run on a {@link FrozenClock} and get reproducible timestamps.
 *
 * <p>Instants are truncated to milliseconds, the precision of a {@link Ulid}'s timestamp, so that an id and the
 * creation time stored beside it are the same instant and "created before/after" can be decided on the id alone
 * (PostgreSQL's {@code timestamptz} keeps them exactly).
 */
@FunctionalInterface
public interface Clock {

    Instant now();

    /** The system's UTC clock, truncated to milliseconds. */
    static Clock system() {
        return () -> Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
