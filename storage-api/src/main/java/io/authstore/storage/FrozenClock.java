package io.authstore.storage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until told to move: for tests. Millisecond precision, as {@link Clock}. Thread-safe. */
public final class FrozenClock implements Clock {

    private final AtomicReference<Instant> now;

    public FrozenClock(Instant start) {
        this.now = new AtomicReference<>(truncate(start));
    }

    @Override
    public Instant now() {
        return now.get();
    }

    /** Moves the clock forward (or back, with a negative duration) and returns the new time. */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        return now.updateAndGet(current -> truncate(current.plus(duration)));
    }

    public void set(Instant instant) {
        now.set(truncate(instant));
    }

    private static Instant truncate(Instant instant) {
        return Objects.requireNonNull(instant, "instant").truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public String toString() {
        return "FrozenClock[" + now.get() + "]";
    }
}
