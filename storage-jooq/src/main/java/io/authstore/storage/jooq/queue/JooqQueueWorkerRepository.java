package io.authstore.storage.jooq.queue;

import static io.authstore.snapshot.Tables.QUEUE_JOBS;
import static io.authstore.snapshot.Tables.QUEUE_LEADER;
import static io.authstore.snapshot.Tables.QUEUE_WORKERS;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.snapshot.enums.QueueJobStatus;
import io.authstore.snapshot.tables.records.QueueJobsRecord;
import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.queue.DeadWorkers;
import io.authstore.storage.queue.Job;
import io.authstore.storage.queue.QueueWorkerRepository;
import io.authstore.storage.queue.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.types.DayToSecond;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class JooqQueueWorkerRepository implements QueueWorkerRepository {

    /** Told to the other workers when the leader gives up its lease, so that one takes over at once. */
    public static final String STEPDOWN_CHANNEL = "queue_leader_stepdown";

    private final Statements db;

    public JooqQueueWorkerRepository(Statements statements) {
        this.db = statements;
    }

    // Rendered once: register, heartbeat and shutdown run for every worker, the heartbeat every few seconds.
    private static final PreparedQuery<Record> REGISTER = PreparedQuery.of(DSL.insertInto(QUEUE_WORKERS)
            .set(QUEUE_WORKERS.QUEUE_WORKER_ID, PreparedQuery.value(QUEUE_WORKERS.QUEUE_WORKER_ID))
            .set(QUEUE_WORKERS.REGISTERED_AT, PreparedQuery.value("now", QUEUE_WORKERS.REGISTERED_AT))
            .set(QUEUE_WORKERS.LAST_SEEN_AT, PreparedQuery.value("now", QUEUE_WORKERS.LAST_SEEN_AT)));
    private static final PreparedQuery<Record> HEARTBEAT = PreparedQuery.of(DSL.update(QUEUE_WORKERS)
            .set(QUEUE_WORKERS.LAST_SEEN_AT, PreparedQuery.value(QUEUE_WORKERS.LAST_SEEN_AT))
            .where(PreparedQuery.eqValue(QUEUE_WORKERS.QUEUE_WORKER_ID))
            .and(QUEUE_WORKERS.SHUTDOWN_AT.isNull()));
    private static final PreparedQuery<Record> SHUTDOWN = PreparedQuery.of(DSL.update(QUEUE_WORKERS)
            .set(QUEUE_WORKERS.SHUTDOWN_AT, PreparedQuery.value(QUEUE_WORKERS.SHUTDOWN_AT))
            .where(PreparedQuery.eqValue(QUEUE_WORKERS.QUEUE_WORKER_ID)));
    private static final PreparedQuery<Record> RELEASE_LEADER_LEASE = PreparedQuery.of(DSL.deleteFrom(QUEUE_LEADER)
            .where(PreparedQuery.eqValue(QUEUE_LEADER.QUEUE_WORKER_ID)));
    /** pg_notify through a sub-select, so that its void result is never decoded. */
    private static final PreparedQuery<Record1<Integer>> NOTIFY_STEPDOWN = PreparedQuery.of(DSL.selectCount()
            .from(DSL.select(DSL.function(DSL.name("pg_notify"), SQLDataType.OTHER,
                    DSL.val(STEPDOWN_CHANNEL), DSL.val(""))).asTable("notified")));

    @Override
    public Mono<Worker> register(Clock clock, RandomSource random) {
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.executeExactlyOne("db.queue_worker.register", REGISTER.with(uuid(id), timestamp(now)),
                            "queue_workers", id)
                    .thenReturn(new Worker(id));
        });
    }

    @Override
    public Mono<Void> heartbeat(Clock clock, Worker worker) {
        return Mono.defer(() -> db.executeExactlyOne("db.queue_worker.heartbeat",
                HEARTBEAT.with(timestamp(clock.now()), uuid(worker.id())), "queue_workers", worker.id()));
    }

    @Override
    public Mono<Void> shutdown(Clock clock, Worker worker) {
        return Mono.defer(() -> db.executeExactlyOne("db.queue_worker.shutdown",
                        SHUTDOWN.with(timestamp(clock.now()), uuid(worker.id())), "queue_workers", worker.id())
                .then(db.execute("db.queue_worker.shutdown", RELEASE_LEADER_LEASE.with(uuid(worker.id()))))
                .flatMap(released -> released > 0 ? notifyStepdown() : Mono.empty()));
    }

    private Mono<Void> notifyStepdown() {
        return Mono.defer(() -> db.fetchOptional("db.queue_worker.shutdown", NOTIFY_STEPDOWN.with())).then();
    }

    // Rendered once: the leader runs these on every tick. A dead worker is one last seen before the threshold.
    private static final PreparedQuery<Record> SHUTDOWN_DEAD_WORKERS = PreparedQuery.of(DSL.update(QUEUE_WORKERS)
            .set(QUEUE_WORKERS.SHUTDOWN_AT, PreparedQuery.value(QUEUE_WORKERS.SHUTDOWN_AT))
            .where(QUEUE_WORKERS.SHUTDOWN_AT.isNull())
            .and(QUEUE_WORKERS.LAST_SEEN_AT.lt(PreparedQuery.value("seen_before", QUEUE_WORKERS.LAST_SEEN_AT))));
    private static final PreparedQuery<QueueJobsRecord> LOSE_JOBS_OF_SHUT_DOWN_WORKERS = PreparedQuery.of(
            DSL.update(QUEUE_JOBS)
                    .set(QUEUE_JOBS.STATUS, QueueJobStatus.lost)
                    .where(QUEUE_JOBS.STATUS.eq(QueueJobStatus.running))
                    .and(QUEUE_JOBS.STARTED_BY.in(DSL.select(QUEUE_WORKERS.QUEUE_WORKER_ID)
                            .from(QUEUE_WORKERS)
                            .where(QUEUE_WORKERS.SHUTDOWN_AT.isNotNull())))
                    .returning());

    @Override
    public Mono<DeadWorkers> shutdownDeadWorkers(Clock clock, Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        return Mono.defer(() -> {
            Instant now = clock.now();
            return db.execute("db.queue_worker.shutdown_dead_workers",
                            SHUTDOWN_DEAD_WORKERS.with(timestamp(now), timestamp(now.minus(threshold))))
                    .flatMap(workers -> db.fetch("db.queue_worker.shutdown_dead_workers",
                                    LOSE_JOBS_OF_SHUT_DOWN_WORKERS.with())
                            .map(JooqQueueJobRepository::job)
                            .sort(Comparator.comparing(Job::id))
                            .collectList()
                            .map(lost -> new DeadWorkers(workers, lost)));
        });
    }

    // Rendered once: every worker poll tries the leader lease. The lease's length is a value of each call.
    private static final PreparedQuery<Record> REMOVE_EXPIRED_LEADER_LEASE = PreparedQuery.of(
            DSL.deleteFrom(QUEUE_LEADER).where(QUEUE_LEADER.EXPIRES_AT.lt(DSL.currentOffsetDateTime())));
    private static final PreparedQuery<Record> TRY_GET_LEADER_LEASE = PreparedQuery.of(DSL.insertInto(QUEUE_LEADER)
            .set(QUEUE_LEADER.ELECTED_AT, PreparedQuery.value(QUEUE_LEADER.ELECTED_AT))
            .set(QUEUE_LEADER.EXPIRES_AT, DSL.currentOffsetDateTime()
                    .plus(DSL.param("lease", SQLDataType.INTERVALDAYTOSECOND)))
            .set(QUEUE_LEADER.QUEUE_WORKER_ID, PreparedQuery.value(QUEUE_LEADER.QUEUE_WORKER_ID))
            .onConflict(QUEUE_LEADER.ACTIVE)
            .doUpdate()
            .set(QUEUE_LEADER.EXPIRES_AT, DSL.excluded(QUEUE_LEADER.EXPIRES_AT))
            .where(PreparedQuery.eqValue(QUEUE_LEADER.QUEUE_WORKER_ID)));

    @Override
    public Mono<Void> removeLeaderLeaseIfExpired(Clock clock) {
        return Mono.defer(() -> db.execute("db.queue_worker.remove_leader_lease_if_expired",
                        REMOVE_EXPIRED_LEADER_LEASE.with()))
                .then();
    }

    @Override
    public Mono<Boolean> tryGetLeaderLease(Clock clock, Worker worker, Duration lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero()) {
            return Mono.error(new IllegalArgumentException("a lease lasts more than zero, not " + lease));
        }
        return Mono.defer(() -> db.execute("db.queue_worker.try_get_leader_lease",
                        TRY_GET_LEADER_LEASE.with(timestamp(clock.now()), DayToSecond.valueOf(lease),
                                uuid(worker.id()))))
                .map(rows -> rows == 1);
    }

    private static final PreparedQuery<Record1<UUID>> HOLD_LEADER_LEASE = PreparedQuery.of(
            DSL.select(QUEUE_LEADER.QUEUE_WORKER_ID)
                    .from(QUEUE_LEADER)
                    .where(PreparedQuery.eqValue(QUEUE_LEADER.QUEUE_WORKER_ID))
                    .and(QUEUE_LEADER.EXPIRES_AT.gt(DSL.currentOffsetDateTime()))
                    .forKeyShare());

    @Override
    public Mono<Boolean> holdLeaderLease(Worker worker) {
        return Flux.defer(() -> db.fetchLocking("db.queue_worker.hold_leader_lease",
                        HOLD_LEADER_LEASE.with(uuid(worker.id()))))
                .hasElements();
    }
}
