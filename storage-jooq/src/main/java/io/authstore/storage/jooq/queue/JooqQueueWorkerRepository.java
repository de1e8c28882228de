package io.authstore.storage.jooq.queue;

import static io.authstore.snapshot.Tables.QUEUE_JOBS;
import static io.authstore.snapshot.Tables.QUEUE_LEADER;
import static io.authstore.snapshot.Tables.QUEUE_WORKERS;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.snapshot.enums.QueueJobStatus;
import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.queue.DeadWorkers;
import io.authstore.storage.queue.Job;
import io.authstore.storage.queue.QueueWorkerRepository;
import io.authstore.storage.queue.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.types.DayToSecond;
import reactor.core.publisher.Mono;

public final class JooqQueueWorkerRepository implements QueueWorkerRepository {

    /** Told to the other workers when the leader gives up its lease, so that one takes over at once. */
    public static final String STEPDOWN_CHANNEL = "queue_leader_stepdown";

    private final Statements db;
    private final DSLContext dsl;

    public JooqQueueWorkerRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    @Override
    public Mono<Worker> register(Clock clock, RandomSource random) {
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.executeExactlyOne("db.queue_worker.register", dsl.insertInto(QUEUE_WORKERS)
                            .set(QUEUE_WORKERS.QUEUE_WORKER_ID, uuid(id))
                            .set(QUEUE_WORKERS.REGISTERED_AT, timestamp(now))
                            .set(QUEUE_WORKERS.LAST_SEEN_AT, timestamp(now)), "queue_workers", id)
                    .thenReturn(new Worker(id));
        });
    }

    @Override
    public Mono<Void> heartbeat(Clock clock, Worker worker) {
        return Mono.defer(() -> db.executeExactlyOne("db.queue_worker.heartbeat", dsl.update(QUEUE_WORKERS)
                .set(QUEUE_WORKERS.LAST_SEEN_AT, timestamp(clock.now()))
                .where(QUEUE_WORKERS.QUEUE_WORKER_ID.eq(uuid(worker.id())))
                .and(QUEUE_WORKERS.SHUTDOWN_AT.isNull()), "queue_workers", worker.id()));
    }

    @Override
    public Mono<Void> shutdown(Clock clock, Worker worker) {
        return Mono.defer(() -> db.executeExactlyOne("db.queue_worker.shutdown", dsl.update(QUEUE_WORKERS)
                                .set(QUEUE_WORKERS.SHUTDOWN_AT, timestamp(clock.now()))
                                .where(QUEUE_WORKERS.QUEUE_WORKER_ID.eq(uuid(worker.id()))),
                        "queue_workers", worker.id())
                .then(db.execute("db.queue_worker.shutdown", dsl.deleteFrom(QUEUE_LEADER)
                        .where(QUEUE_LEADER.QUEUE_WORKER_ID.eq(uuid(worker.id())))))
                .flatMap(released -> released > 0 ? notifyStepdown() : Mono.empty()));
    }

    /** pg_notify through a sub-select, so that its void result is never decoded. */
    private Mono<Void> notifyStepdown() {
        return db.fetchOptional("db.queue_worker.shutdown", dsl.selectCount()
                        .from(dsl.select(DSL.function(DSL.name("pg_notify"), SQLDataType.OTHER,
                                DSL.val(STEPDOWN_CHANNEL), DSL.val(""))).asTable("notified")))
                .then();
    }

    @Override
    public Mono<DeadWorkers> shutdownDeadWorkers(Clock clock, Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        return Mono.defer(() -> {
            Instant now = clock.now();
            return db.execute("db.queue_worker.shutdown_dead_workers", dsl.update(QUEUE_WORKERS)
                            .set(QUEUE_WORKERS.SHUTDOWN_AT, timestamp(now))
                            .where(QUEUE_WORKERS.SHUTDOWN_AT.isNull())
                            .and(QUEUE_WORKERS.LAST_SEEN_AT.lt(timestamp(now.minus(threshold)))))
                    .flatMap(workers -> db.fetch("db.queue_worker.shutdown_dead_workers", dsl.update(QUEUE_JOBS)
                                    .set(QUEUE_JOBS.STATUS, QueueJobStatus.lost)
                                    .where(QUEUE_JOBS.STATUS.eq(QueueJobStatus.running))
                                    .and(QUEUE_JOBS.STARTED_BY.in(dsl.select(QUEUE_WORKERS.QUEUE_WORKER_ID)
                                            .from(QUEUE_WORKERS)
                                            .where(QUEUE_WORKERS.SHUTDOWN_AT.isNotNull())))
                                    .returning())
                            .map(JooqQueueJobRepository::job)
                            .sort(Comparator.comparing(Job::id))
                            .collectList()
                            .map(lost -> new DeadWorkers(workers, lost)));
        });
    }

    @Override
    public Mono<Void> removeLeaderLeaseIfExpired(Clock clock) {
        return db.execute("db.queue_worker.remove_leader_lease_if_expired", dsl.deleteFrom(QUEUE_LEADER)
                        .where(QUEUE_LEADER.EXPIRES_AT.lt(DSL.currentOffsetDateTime())))
                .then();
    }

    @Override
    public Mono<Boolean> tryGetLeaderLease(Clock clock, Worker worker, Duration lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero()) {
            return Mono.error(new IllegalArgumentException("a lease lasts more than zero, not " + lease));
        }
        return Mono.defer(() -> db.execute("db.queue_worker.try_get_leader_lease", dsl.insertInto(QUEUE_LEADER)
                        .set(QUEUE_LEADER.ELECTED_AT, timestamp(clock.now()))
                        .set(QUEUE_LEADER.EXPIRES_AT, DSL.currentOffsetDateTime().plus(DayToSecond.valueOf(lease)))
                        .set(QUEUE_LEADER.QUEUE_WORKER_ID, uuid(worker.id()))
                        .onConflict(QUEUE_LEADER.ACTIVE)
                        .doUpdate()
                        .set(QUEUE_LEADER.EXPIRES_AT, DSL.excluded(QUEUE_LEADER.EXPIRES_AT))
                        .where(QUEUE_LEADER.QUEUE_WORKER_ID.eq(uuid(worker.id()))))
                .map(rows -> rows == 1));
    }

    @Override
    public Mono<Boolean> holdLeaderLease(Worker worker) {
        return db.fetchLocking("db.queue_worker.hold_leader_lease", dsl.select(QUEUE_LEADER.QUEUE_WORKER_ID)
                        .from(QUEUE_LEADER)
                        .where(QUEUE_LEADER.QUEUE_WORKER_ID.eq(uuid(worker.id())))
                        .and(QUEUE_LEADER.EXPIRES_AT.gt(DSL.currentOffsetDateTime()))
                        .forKeyShare())
                .hasElements();
    }
}
