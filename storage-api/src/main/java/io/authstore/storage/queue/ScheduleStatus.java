package io.authstore.storage.queue;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A recurring schedule: when its last job was scheduled for (empty: never), and whether that job has finished,
 * successfully or not (empty: there is no such job, never scheduled or cleaned up since).
 */
public record ScheduleStatus(String scheduleName, Optional<Instant> lastScheduledAt,
        Optional<Boolean> lastScheduledJobCompleted) {

    public ScheduleStatus {
        Objects.requireNonNull(scheduleName, "scheduleName");
        Objects.requireNonNull(lastScheduledAt, "lastScheduledAt");
        Objects.requireNonNull(lastScheduledJobCompleted, "lastScheduledJobCompleted");
    }
}
