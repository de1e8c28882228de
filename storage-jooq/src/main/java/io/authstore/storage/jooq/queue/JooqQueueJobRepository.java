package io.authstore.storage.jooq.queue;

import static io.authstore.snapshot.Tables.QUEUE_JOBS;
import static io.authstore.snapshot.Tables.QUEUE_SCHEDULES;
import static io.authstore.snapshot.Tables.QUEUE_WORKERS;
import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.optionalUlid;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;
import static io.authstore.storage.jooq.JsonColumns.jsonb;
import static io.authstore.storage.jooq.JsonColumns.value;

import io.authstore.snapshot.enums.QueueJobStatus;
import io.authstore.snapshot.tables.QueueJobs;
import io.authstore.snapshot.tables.records.QueueJobsRecord;
import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.JsonValue;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Cleanups;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.queue.Job;
import io.authstore.storage.queue.JobState;
import io.authstore.storage.queue.QueueJobRepository;
import io.authstore.storage.queue.QueuedJob;
import io.authstore.storage.queue.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DeleteResultStep;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.UpdateResultStep;
import org.jooq.impl.DSL;
import reactor.core.publisher.Mono;

public final class JooqQueueJobRepository implements QueueJobRepository {

    private static final String TABLE = "queue_jobs";

    private final Statements db;
    private final DSLContext dsl;

    public JooqQueueJobRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    /** The refusal of a queue name no job can be on, or {@code null} when it is fine. */
    static <T> Mono<T> checkQueueName(String queueName) {
        if (queueName == null || queueName.isBlank()) {
            return Mono.error(new IllegalArgumentException("queueName must not be empty or blank"));
        }
        return Text.hasNul(queueName) ? Text.refused("queueName") : null;
    }

    // Rendered once: scheduling runs for every job.
    private static final PreparedQuery<Record> SCHEDULE = PreparedQuery.of(PreparedQuery.insertInto(QUEUE_JOBS,
            QUEUE_JOBS.QUEUE_JOB_ID, QUEUE_JOBS.QUEUE_NAME, QUEUE_JOBS.PAYLOAD, QUEUE_JOBS.METADATA,
            QUEUE_JOBS.CREATED_AT));

    @Override
    public Mono<Ulid> schedule(Clock clock, RandomSource random, String queueName, JsonValue payload, JsonValue metadata) {
        Mono<Ulid> refused = checkQueueName(queueName);
        if (refused != null) {
            return refused;
        }
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(metadata, "metadata");
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            return db.executeExactlyOne("db.queue_job.schedule",
                            SCHEDULE.with(uuid(id), queueName, jsonb(payload), jsonb(metadata), timestamp(now)), TABLE,
                            id)
                    .thenReturn(id);
        });
    }

    // Rendered once: scheduleLater without a schedule, and with one (the insert, then the schedule's last job).
    private static final PreparedQuery<Record> SCHEDULE_LATER = PreparedQuery.of(DSL.insertInto(QUEUE_JOBS)
            .set(QUEUE_JOBS.QUEUE_JOB_ID, PreparedQuery.value(QUEUE_JOBS.QUEUE_JOB_ID))
            .set(QUEUE_JOBS.QUEUE_NAME, PreparedQuery.value(QUEUE_JOBS.QUEUE_NAME))
            .set(QUEUE_JOBS.PAYLOAD, PreparedQuery.value(QUEUE_JOBS.PAYLOAD))
            .set(QUEUE_JOBS.METADATA, PreparedQuery.value(QUEUE_JOBS.METADATA))
            .set(QUEUE_JOBS.CREATED_AT, PreparedQuery.value(QUEUE_JOBS.CREATED_AT))
            .set(QUEUE_JOBS.SCHEDULED_AT, PreparedQuery.value(QUEUE_JOBS.SCHEDULED_AT))
            .set(QUEUE_JOBS.STATUS, QueueJobStatus.scheduled));
    private static final PreparedQuery<Record> SCHEDULE_LATER_ON_SCHEDULE = PreparedQuery.of(DSL.insertInto(QUEUE_JOBS,
                    QUEUE_JOBS.QUEUE_JOB_ID, QUEUE_JOBS.QUEUE_NAME, QUEUE_JOBS.PAYLOAD, QUEUE_JOBS.METADATA,
                    QUEUE_JOBS.CREATED_AT, QUEUE_JOBS.SCHEDULED_AT, QUEUE_JOBS.SCHEDULE_NAME, QUEUE_JOBS.STATUS)
            .select(DSL.select(PreparedQuery.value(QUEUE_JOBS.QUEUE_JOB_ID), PreparedQuery.value(QUEUE_JOBS.QUEUE_NAME),
                            PreparedQuery.value(QUEUE_JOBS.PAYLOAD), PreparedQuery.value(QUEUE_JOBS.METADATA),
                            PreparedQuery.value(QUEUE_JOBS.CREATED_AT), PreparedQuery.value(QUEUE_JOBS.SCHEDULED_AT),
                            QUEUE_SCHEDULES.SCHEDULE_NAME, DSL.val(QueueJobStatus.scheduled))
                    .from(QUEUE_SCHEDULES)
                    .where(PreparedQuery.eqValue(QUEUE_SCHEDULES.SCHEDULE_NAME))));
    private static final PreparedQuery<Record> SCHEDULED_ON_SCHEDULE = PreparedQuery.of(DSL.update(QUEUE_SCHEDULES)
            .set(QUEUE_SCHEDULES.LAST_SCHEDULED_AT, PreparedQuery.value(QUEUE_SCHEDULES.LAST_SCHEDULED_AT))
            .set(QUEUE_SCHEDULES.LAST_SCHEDULED_JOB_ID, PreparedQuery.value(QUEUE_SCHEDULES.LAST_SCHEDULED_JOB_ID))
            .where(PreparedQuery.eqValue(QUEUE_SCHEDULES.SCHEDULE_NAME)));

    @Override
    public Mono<Ulid> scheduleLater(Clock clock, RandomSource random, String queueName, JsonValue payload, JsonValue metadata,
            Instant scheduledAt, Optional<String> scheduleName) {
        Mono<Ulid> refused = checkQueueName(queueName);
        if (refused != null) {
            return refused;
        }
        if (Text.hasNul(scheduleName.orElse(null))) {
            return Text.refused("scheduleName");
        }
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        return Mono.defer(() -> {
            Instant now = clock.now();
            Ulid id = Ulid.generate(now, random);
            if (scheduleName.isEmpty()) {
                return db.executeExactlyOne("db.queue_job.schedule_later", SCHEDULE_LATER.with(uuid(id), queueName,
                                jsonb(payload), jsonb(metadata), timestamp(now), timestamp(scheduledAt)), TABLE, id)
                        .thenReturn(id);
            }
            String name = scheduleName.get();
            // Inserted only when the schedule exists, so that an unknown name is refused without a foreign-key
            // violation (which would roll the session back).
            return db.execute("db.queue_job.schedule_later", SCHEDULE_LATER_ON_SCHEDULE.with(uuid(id), queueName,
                            jsonb(payload), jsonb(metadata), timestamp(now), timestamp(scheduledAt), name))
                    .flatMap(inserted -> inserted == 1
                            ? db.executeExactlyOne("db.queue_job.schedule_later",
                                            SCHEDULED_ON_SCHEDULE.with(timestamp(scheduledAt), uuid(id), name),
                                            "queue_schedules", id)
                                    .thenReturn(id)
                            : Mono.error(new IllegalArgumentException("there is no recurring schedule named '"
                                    + name + "' (set it up with QueueScheduleRepository.setup first); nothing was"
                                    + " scheduled")));
        });
    }

    @Override
    public Mono<List<Job>> reserve(Clock clock, Worker worker, Collection<String> queues, int count) {
        Objects.requireNonNull(worker, "worker");
        if (count < 0) {
            return Mono.error(new IllegalArgumentException("count " + count + " < 0"));
        }
        for (String queue : queues) {
            Mono<List<Job>> refused = checkQueueName(queue);
            if (refused != null) {
                return refused;
            }
        }
        if (count == 0 || queues.isEmpty()) {
            return Mono.just(List.of());
        }
        List<String> names = List.copyOf(queues);
        return Mono.defer(() -> db.fetch("db.queue_job.reserve", reserveStatement(dsl, clock.now(), worker, names, count))
                .map(JooqQueueJobRepository::job)
                .sort(Comparator.comparing(Job::id))
                .collectList());
    }

    /**
     * Reserving: the available jobs are picked and locked by an ARRAY(sub-select), evaluated exactly once, then
     * updated by key. (An {@code IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)} may be re-evaluated by the plan and
     * pick more than {@code n} rows; a join with a CTE scans the whole table.)
     */
    static UpdateResultStep<QueueJobsRecord> reserveStatement(
            DSLContext dsl, Instant now, Worker worker, List<String> queues, int count) {
        return dsl.update(QUEUE_JOBS)
                .set(QUEUE_JOBS.STATUS, QueueJobStatus.running)
                .set(QUEUE_JOBS.STARTED_AT, timestamp(now))
                .set(QUEUE_JOBS.STARTED_BY, uuid(worker.id()))
                .where(QUEUE_JOBS.QUEUE_JOB_ID.eq(DSL.any(DSL.array(dsl.select(QUEUE_JOBS.QUEUE_JOB_ID)
                        .from(QUEUE_JOBS)
                        .where(QUEUE_JOBS.STATUS.eq(QueueJobStatus.available))
                        .and(QUEUE_JOBS.QUEUE_NAME.in(queues))
                        // a worker already shut down (taken for dead) gets nothing: its jobs would be lost anyway
                        .andExists(dsl.selectOne().from(QUEUE_WORKERS)
                                .where(QUEUE_WORKERS.QUEUE_WORKER_ID.eq(uuid(worker.id())))
                                .and(QUEUE_WORKERS.SHUTDOWN_AT.isNull()))
                        .orderBy(QUEUE_JOBS.QUEUE_JOB_ID)
                        .limit(count)
                        .forUpdate()
                        .skipLocked()))))
                .returning();
    }

    // Rendered once: every job run ends with one of these.
    private static final PreparedQuery<Record> MARK_AS_COMPLETED = PreparedQuery.of(DSL.update(QUEUE_JOBS)
            .set(QUEUE_JOBS.STATUS, QueueJobStatus.completed)
            .set(QUEUE_JOBS.COMPLETED_AT, PreparedQuery.value(QUEUE_JOBS.COMPLETED_AT))
            .where(PreparedQuery.eqValue(QUEUE_JOBS.QUEUE_JOB_ID))
            .and(QUEUE_JOBS.STATUS.eq(QueueJobStatus.running)));
    private static final PreparedQuery<Record> MARK_AS_FAILED = PreparedQuery.of(DSL.update(QUEUE_JOBS)
            .set(QUEUE_JOBS.STATUS, QueueJobStatus.failed)
            .set(QUEUE_JOBS.FAILED_AT, PreparedQuery.value(QUEUE_JOBS.FAILED_AT))
            .set(QUEUE_JOBS.FAILED_REASON, PreparedQuery.value(QUEUE_JOBS.FAILED_REASON))
            .where(PreparedQuery.eqValue(QUEUE_JOBS.QUEUE_JOB_ID))
            .and(QUEUE_JOBS.STATUS.eq(QueueJobStatus.running)));

    @Override
    public Mono<Void> markAsCompleted(Clock clock, Ulid id) {
        return Mono.defer(() -> db.executeExactlyOne("db.queue_job.mark_as_completed",
                MARK_AS_COMPLETED.with(timestamp(clock.now()), uuid(id)), TABLE, id));
    }

    @Override
    public Mono<List<Ulid>> markAsCompleted(Clock clock, Collection<Ulid> ids) {
        List<UUID> keys = ids.stream().sorted().map(Ulid::toUuid).toList();
        if (keys.isEmpty()) {
            return Mono.just(List.of());
        }
        return Mono.defer(() -> db.fetch("db.queue_job.mark_as_completed", dsl.update(QUEUE_JOBS)
                        .set(QUEUE_JOBS.STATUS, QueueJobStatus.completed)
                        .set(QUEUE_JOBS.COMPLETED_AT, timestamp(clock.now()))
                        .where(QUEUE_JOBS.QUEUE_JOB_ID.in(keys))
                        .and(QUEUE_JOBS.STATUS.eq(QueueJobStatus.running))
                        .returningResult(QUEUE_JOBS.QUEUE_JOB_ID))
                .map(row -> ulid(row.value1()))
                .sort()
                .collectList());
    }

    @Override
    public Mono<Void> markAsFailed(Clock clock, Ulid id, String reason) {
        Objects.requireNonNull(reason, "reason");
        if (Text.hasNul(reason)) {
            return Text.refused("reason");
        }
        return Mono.defer(() -> db.executeExactlyOne("db.queue_job.mark_as_failed",
                MARK_AS_FAILED.with(timestamp(clock.now()), reason, uuid(id)), TABLE, id));
    }

    // Rendered once: the three statements of retry. The retried job and its next attempt are two keys of the same
    // columns, so their parameters are named apart.
    private static final QueueJobs OLD = QUEUE_JOBS.as("old");
    private static final Param<UUID> NEXT_ATTEMPT = PreparedQuery.value("next_attempt_id", QUEUE_JOBS.QUEUE_JOB_ID);
    private static final PreparedQuery<Record> COPY_FOR_RETRY = PreparedQuery.of(DSL.insertInto(QUEUE_JOBS,
                    QUEUE_JOBS.QUEUE_JOB_ID, QUEUE_JOBS.QUEUE_NAME, QUEUE_JOBS.PAYLOAD, QUEUE_JOBS.METADATA,
                    QUEUE_JOBS.CREATED_AT, QUEUE_JOBS.ATTEMPT, QUEUE_JOBS.SCHEDULED_AT, QUEUE_JOBS.SCHEDULE_NAME,
                    QUEUE_JOBS.STATUS)
            .select(DSL.select(NEXT_ATTEMPT, OLD.QUEUE_NAME, OLD.PAYLOAD, OLD.METADATA,
                            PreparedQuery.value(QUEUE_JOBS.CREATED_AT), OLD.ATTEMPT.plus(1),
                            PreparedQuery.value(QUEUE_JOBS.SCHEDULED_AT), OLD.SCHEDULE_NAME,
                            DSL.val(QueueJobStatus.scheduled))
                    .from(OLD)
                    .where(OLD.QUEUE_JOB_ID.eq(PreparedQuery.value("retried_id", OLD.QUEUE_JOB_ID)))
                    .and(OLD.STATUS.in(QueueJobStatus.failed, QueueJobStatus.lost))
                    .and(OLD.NEXT_ATTEMPT_ID.isNull())
                    .forUpdate()));
    private static final PreparedQuery<Record> RETRIED_ON_SCHEDULE = PreparedQuery.of(DSL.update(QUEUE_SCHEDULES)
            .set(QUEUE_SCHEDULES.LAST_SCHEDULED_AT, PreparedQuery.value(QUEUE_SCHEDULES.LAST_SCHEDULED_AT))
            .set(QUEUE_SCHEDULES.LAST_SCHEDULED_JOB_ID,
                    PreparedQuery.value("next_attempt_id", QUEUE_SCHEDULES.LAST_SCHEDULED_JOB_ID))
            .where(QUEUE_SCHEDULES.LAST_SCHEDULED_JOB_ID.eq(
                    PreparedQuery.value("retried_id", QUEUE_SCHEDULES.LAST_SCHEDULED_JOB_ID))));
    private static final PreparedQuery<Record> LINK_NEXT_ATTEMPT = PreparedQuery.of(DSL.update(QUEUE_JOBS)
            .set(QUEUE_JOBS.NEXT_ATTEMPT_ID, PreparedQuery.value("next_attempt_id", QUEUE_JOBS.NEXT_ATTEMPT_ID))
            .where(QUEUE_JOBS.QUEUE_JOB_ID.eq(PreparedQuery.value("retried_id", QUEUE_JOBS.QUEUE_JOB_ID))));

    @Override
    public Mono<Ulid> retry(Clock clock, RandomSource random, Ulid id, Duration delay) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(delay, "delay");
        return Mono.defer(() -> {
            Instant now = clock.now();
            Instant scheduledAt = now.plus(delay);
            Ulid next = Ulid.generate(now, random);
            // The old row is locked while it is copied, and must not have been retried yet: of two concurrent
            // retries of one job, the second finds next_attempt_id set and fails instead of adding a second attempt.
            return db.executeExactlyOne("db.queue_job.retry", COPY_FOR_RETRY.with(uuid(next), timestamp(now),
                            timestamp(scheduledAt), uuid(id)), TABLE, id)
                    .then(db.execute("db.queue_job.retry",
                            RETRIED_ON_SCHEDULE.with(timestamp(scheduledAt), uuid(next), uuid(id))))
                    .then(db.executeExactlyOne("db.queue_job.retry", LINK_NEXT_ATTEMPT.with(uuid(next), uuid(id)),
                            TABLE, id))
                    .thenReturn(next);
        });
    }

    // Rendered once: the leader runs it on every tick.
    private static final PreparedQuery<Record> SCHEDULE_AVAILABLE_JOBS = PreparedQuery.of(DSL.update(QUEUE_JOBS)
            .set(QUEUE_JOBS.STATUS, QueueJobStatus.available)
            .where(QUEUE_JOBS.STATUS.eq(QueueJobStatus.scheduled))
            .and(QUEUE_JOBS.SCHEDULED_AT.le(PreparedQuery.value(QUEUE_JOBS.SCHEDULED_AT))));

    @Override
    public Mono<Integer> scheduleAvailableJobs(Clock clock) {
        return Mono.defer(() -> db.execute("db.queue_job.schedule_available_jobs",
                SCHEDULE_AVAILABLE_JOBS.with(timestamp(clock.now()))));
    }

    @Override
    public Mono<Cleanup> cleanup(Instant since, Instant until, int limit) {
        return Mono.fromRunnable(() -> Cleanups.requirePositive(limit))
                .then(Mono.defer(() -> db.fetch("db.queue_job.cleanup", cleanupStatement(dsl, since, until, limit))
                        .map(row -> ulid(row.value1()).timestamp())
                        .collectList()
                        .map(Cleanups::batch)));
    }

    /**
     * The one statement of {@link #cleanup}: finished (completed or failed) jobs created in {@code [since, until)},
     * read from the ULID key, oldest first. Public so that a test can EXPLAIN exactly this statement.
     */
    public static DeleteResultStep<Record1<UUID>> cleanupStatement(
            DSLContext dsl, Instant since, Instant until, int limit) {
        Objects.requireNonNull(until, "until");
        Condition created = QUEUE_JOBS.QUEUE_JOB_ID.lt(uuid(Ulid.createdAtOrAfter(until)));
        if (since != null) {
            created = created.and(QUEUE_JOBS.QUEUE_JOB_ID.ge(uuid(Ulid.createdAtOrAfter(since))));
        }
        // The rows are picked and locked by an ARRAY(sub-select), which PostgreSQL runs once, before the delete finds
        // them by key: an IN (sub-select), or a join with a CTE, was planned as a hash join over a sequential scan of
        // the whole table.
        return dsl.deleteFrom(QUEUE_JOBS)
                .where(QUEUE_JOBS.QUEUE_JOB_ID.eq(DSL.any(DSL.array(dsl.select(QUEUE_JOBS.QUEUE_JOB_ID)
                        .from(QUEUE_JOBS)
                        .where(created)
                        .and(QUEUE_JOBS.STATUS.in(QueueJobStatus.completed, QueueJobStatus.failed))
                        .orderBy(QUEUE_JOBS.QUEUE_JOB_ID)
                        .limit(limit)
                        .forUpdate()
                        .skipLocked()))))
                .returningResult(QUEUE_JOBS.QUEUE_JOB_ID);
    }

    private static final PreparedQuery<QueueJobsRecord> BY_ID = PreparedQuery.lookup(QUEUE_JOBS, QUEUE_JOBS.QUEUE_JOB_ID);

    @Override
    public Mono<QueuedJob> lookup(Ulid id) {
        return Mono.defer(() -> db.fetchOptional("db.queue_job.lookup", BY_ID.with(uuid(id))))
                .map(JooqQueueJobRepository::queuedJob);
    }

    static Job job(QueueJobsRecord row) {
        Ulid id = ulid(row.getQueueJobId());
        return new Job(id, row.getQueueName(), value(row.getPayload(), TABLE, "payload", id),
                value(row.getMetadata(), TABLE, "metadata", id), row.getAttempt());
    }

    static QueuedJob queuedJob(QueueJobsRecord row) {
        Ulid id = ulid(row.getQueueJobId());
        JobState state = switch (row.getStatus()) {
            case scheduled -> new JobState.Scheduled(required(id, "scheduled_at", instant(row.getScheduledAt())));
            case available -> new JobState.Available();
            case running -> new JobState.Running(required(id, "started_at", instant(row.getStartedAt())),
                    required(id, "started_by", ulid(row.getStartedBy())));
            case completed -> new JobState.Completed(instant(row.getStartedAt()),
                    required(id, "completed_at", instant(row.getCompletedAt())));
            case failed -> new JobState.Failed(required(id, "failed_at", instant(row.getFailedAt())),
                    Objects.requireNonNullElse(row.getFailedReason(), ""), optionalUlid(row.getNextAttemptId()));
            case lost -> new JobState.Lost(optionalUlid(row.getNextAttemptId()));
        };
        return new QueuedJob(id, row.getQueueName(), value(row.getPayload(), TABLE, "payload", id),
                value(row.getMetadata(), TABLE, "metadata", id), row.getAttempt(), instant(row.getCreatedAt()), state,
                Optional.ofNullable(row.getScheduleName()));
    }

    private static <T> T required(Ulid id, String column, T value) {
        if (value == null) {
            throw new InconsistencyException(TABLE, column, id, "is null for a job in this status");
        }
        return value;
    }
}
