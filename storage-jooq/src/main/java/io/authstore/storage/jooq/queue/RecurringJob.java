package io.authstore.storage.jooq.queue;

import io.authstore.storage.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A job the leader schedules again and again: on {@code queueName} with {@code payload}, at every multiple of
 * {@code every} since the epoch (every 15 minutes: at :00, :15, :30 and :45), remembered under {@code scheduleName}.
 * The next one is scheduled only once the previous one has finished.
 */
public record RecurringJob(String scheduleName, String queueName, JsonValue payload, Duration every) {

    public RecurringJob {
        Objects.requireNonNull(scheduleName, "scheduleName");
        JobHandlers.checkName(queueName);
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(every, "every");
        if (scheduleName.isBlank() || scheduleName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a schedule name must not be blank or contain NUL");
        }
        if (every.toMillis() < 1) {
            throw new IllegalArgumentException("every must be at least 1 ms, not " + every);
        }
    }

    /** The first tick strictly after {@code now}. */
    public Instant nextAfter(Instant now) {
        long period = every.toMillis();
        long ticks = Math.floorDiv(now.toEpochMilli(), period) + 1;
        return Instant.ofEpochMilli(ticks * period);
    }
}
