package io.authstore.storage.jooq.queue;

import static io.authstore.snapshot.Tables.QUEUE_JOBS;
import static io.authstore.snapshot.Tables.QUEUE_SCHEDULES;
import static io.authstore.storage.jooq.Convert.optionalInstant;

import io.authstore.snapshot.enums.QueueJobStatus;
import io.authstore.storage.jooq.PreparedQuery;
import io.authstore.storage.jooq.Statements;
import io.authstore.storage.jooq.Text;
import io.authstore.storage.queue.QueueScheduleRepository;
import io.authstore.storage.queue.ScheduleStatus;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep1;
import org.jooq.Record3;
import org.jooq.impl.DSL;
import io.authstore.snapshot.tables.records.QueueSchedulesRecord;
import reactor.core.publisher.Mono;

public final class JooqQueueScheduleRepository implements QueueScheduleRepository {

    private final Statements db;
    private final DSLContext dsl;

    public JooqQueueScheduleRepository(Statements statements) {
        this.db = statements;
        this.dsl = statements.dsl();
    }

    @Override
    public Mono<Void> setup(Collection<String> scheduleNames) {
        List<String> names = List.copyOf(scheduleNames);
        for (String name : names) {
            if (name.isBlank()) {
                return Mono.error(new IllegalArgumentException("a schedule name must not be empty or blank"));
            }
            if (Text.hasNul(name)) {
                return Text.refused("scheduleName");
            }
        }
        if (names.isEmpty()) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            InsertValuesStep1<QueueSchedulesRecord, String> insert =
                    dsl.insertInto(QUEUE_SCHEDULES, QUEUE_SCHEDULES.SCHEDULE_NAME);
            for (String name : names) {
                insert = insert.values(name);
            }
            return db.execute("db.queue_schedule.setup", insert.onConflict(QUEUE_SCHEDULES.SCHEDULE_NAME).doNothing())
                    .then();
        });
    }

    // The leader reads the schedules on every tick: rendered once.
    private static final PreparedQuery<Record3<String, OffsetDateTime, Boolean>> LIST = PreparedQuery.of(
            DSL.select(QUEUE_SCHEDULES.SCHEDULE_NAME, QUEUE_SCHEDULES.LAST_SCHEDULED_AT,
                            DSL.field(QUEUE_JOBS.STATUS.in(QueueJobStatus.completed, QueueJobStatus.failed)))
                    .from(QUEUE_SCHEDULES)
                    .leftJoin(QUEUE_JOBS).on(QUEUE_JOBS.QUEUE_JOB_ID.eq(QUEUE_SCHEDULES.LAST_SCHEDULED_JOB_ID))
                    .orderBy(QUEUE_SCHEDULES.SCHEDULE_NAME));

    @Override
    public Mono<List<ScheduleStatus>> list() {
        return Mono.defer(() -> db.fetch("db.queue_schedule.list", LIST.with())
                .map(row -> new ScheduleStatus(row.value1(), optionalInstant(row.value2()),
                        Optional.ofNullable(row.value3())))
                .collectList());
    }
}
