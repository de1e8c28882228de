package io.authstore.storage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where "now" comes from. Repositories never read the system clock: every operation that stamps a time takes a
 * clock, so tests run on a {@link FrozenClock} and get reproducible timestamps.
 *
 * <p>Instants are truncated to microseconds, the precision of PostgreSQL's {@code timestamptz}, so a value handed to
 * the database comes back equal.
 */
@FunctionalInterface
public interface Clock {

    Instant now();

    /** The system's UTC clock, truncated to microseconds. */
    static Clock system() {
        return () -> Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
