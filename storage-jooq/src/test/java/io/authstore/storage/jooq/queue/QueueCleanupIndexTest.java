package io.authstore.storage.jooq.queue;

import static io.authstore.snapshot.Tables.QUEUE_JOBS;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.queue.Worker;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The queue's cleanup, on 50,000 jobs: EXPLAIN shows an index, never a full sequential scan. */
@ExtendWith(StorageExtension.class)
class QueueCleanupIndexTest {

    @Test
    void cleanupIsServedByAnIndex(TestStorage storage) {
        // 50,000 jobs, one a millisecond from 2026-01-01 (ids are ULIDs of that millisecond): every tenth is still
        // waiting, the others are finished (completed, one in twenty failed)
        storage.sql().query("""
                insert into queue_jobs (queue_job_id, queue_name, created_at, status)
                select (lpad(to_hex(1767225600000 + i), 12, '0') || substr(md5(i::text), 1, 20))::uuid,
                       case when i % 10 = 0 then 'waiting' else 'done' end,
                       timestamptz '2026-01-01 00:00:00+00' + i * interval '1 millisecond',
                       (case when i % 10 = 0 then 'available' when i % 20 = 1 then 'failed' else 'completed' end)
                           ::queue_job_status
                from generate_series(0, 49999) as i""").execute();
        storage.sql().query("analyze queue_jobs").execute();
        Instant until = Instant.parse("2027-01-01T00:00:00Z");
        Instant since = Instant.parse("2026-01-01T00:00:20Z");

        for (Instant from : new Instant[] {null, since}) {
            String plan = storage.sql().explain(JooqQueueJobRepository.cleanupStatement(storage.sql(), from, until,
                    1000)).plan();
            System.out.println("EXPLAIN cleanup since " + from + ":\n" + plan);
            assertThat(plan).contains("Index").doesNotContain("Seq Scan");
        }

        // reserving, too, finds its jobs by index
        String reserve = storage.sql().explain(JooqQueueJobRepository.reserveStatement(storage.sql(), until,
                new Worker(Ulid.minAt(since)), List.of("waiting"), 20)).plan();
        System.out.println("EXPLAIN reserve:\n" + reserve);
        assertThat(reserve).contains("Index").doesNotContain("Seq Scan");

        Cleanup batch = storage.saved(s -> s.queueJob().cleanup(null, until, 1000));
        assertThat(batch.affected()).isEqualTo(1000);
        assertThat(storage.sql().fetchCount(QUEUE_JOBS)).isEqualTo(49_000);
    }
}
