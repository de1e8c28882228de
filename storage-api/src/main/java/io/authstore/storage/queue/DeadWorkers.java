package io.authstore.storage.queue;

import java.util.List;
import java.util.Objects;

/**
 * What {@link QueueWorkerRepository#shutdownDeadWorkers} did: how many workers it shut down, and the jobs it marked
 * lost (they were running on a worker that is shut down), each to be retried with {@link QueueJobRepository#retry}.
 */
public record DeadWorkers(int workers, List<Job> lostJobs) {

    public DeadWorkers {
        Objects.requireNonNull(lostJobs, "lostJobs");
        lostJobs = List.copyOf(lostJobs);
    }
}
