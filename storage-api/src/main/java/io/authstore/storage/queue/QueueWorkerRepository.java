package io.authstore.storage.queue;

import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** Queue workers: registration, heartbeats, shutdown, and the single leader lease. */
public interface QueueWorkerRepository {

    /** How long a lease lasts when {@link #tryGetLeaderLease(Clock, Worker)} is not told otherwise (as in MAS). */
    Duration DEFAULT_LEASE = Duration.ofSeconds(5);

    /** Registers a new worker, seen now. */
    Mono<Worker> register(Clock clock, RandomSource random);

    /**
     * Records that the worker is alive now. {@code NotAffectedException} when the worker is shut down (it shut
     * itself down, or the leader found it dead): such a worker must stop, its jobs are being retried elsewhere.
     */
    Mono<Void> heartbeat(Clock clock, Worker worker);

    /**
     * Marks the worker shut down now and gives up its leader lease if it held it, telling the other workers
     * (notification {@code queue_leader_stepdown}) so that one of them takes over without waiting for the lease to
     * expire. Shutting down a worker twice moves its time; {@code NotAffectedException} when it does not exist.
     */
    Mono<Void> shutdown(Clock clock, Worker worker);

    /**
     * Shuts down every worker not seen within {@code threshold} before now, then marks lost every job still running
     * on a shut-down worker and returns those jobs, for the caller to retry. Workers shut down cleanly have no
     * running jobs, so only the jobs of workers that died are lost.
     */
    Mono<DeadWorkers> shutdownDeadWorkers(Clock clock, Duration threshold);

    /**
     * Deletes the leader lease if it has expired, by the database's clock (leases are short, so workers' clocks must
     * not decide), so that any worker can take it.
     */
    Mono<Void> removeLeaderLeaseIfExpired(Clock clock);

    /** {@link #tryGetLeaderLease(Clock, Worker, Duration)} for {@link #DEFAULT_LEASE}. */
    default Mono<Boolean> tryGetLeaderLease(Clock clock, Worker worker) {
        return tryGetLeaderLease(clock, worker, DEFAULT_LEASE);
    }

    /**
     * Takes the leader lease when nobody holds it, or renews it when {@code worker} holds it, until the database's
     * now plus {@code lease}; true when {@code worker} is the leader afterwards. At most one worker holds the lease.
     */
    Mono<Boolean> tryGetLeaderLease(Clock clock, Worker worker, Duration lease);

    /**
     * Whether {@code worker} holds the leader lease, unexpired by the database's clock; when it does, the lease row
     * is locked ({@code FOR KEY SHARE}) until the session ends: it can still be renewed, but nobody can remove it
     * and take over meanwhile. The leader runs its duties in a session that begins with this, so that two workers
     * never run them at once (MAS takes an advisory lock for that).
     */
    Mono<Boolean> holdLeaderLease(Worker worker);
}
