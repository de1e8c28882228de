package io.authstore.storage.jooq.queue;

import static io.authstore.snapshot.Tables.QUEUE_JOBS;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.snapshot.enums.QueueJobStatus;
import io.authstore.storage.Cleanup;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The queue's cleanup, on 50,000 jobs: EXPLAIN shows an index, never a full sequential scan. */
@ExtendWith(StorageExtension.class)
class QueueCleanupIndexTest {

    @Test
    void cleanupIsServedByAnIndex(TestStorage storage) {
        List<Ulid> completed = QueueTesting.insertJobs(storage, "done", 45_000, QueueJobStatus.completed);
        QueueTesting.insertJobs(storage, "waiting", 5_000, QueueJobStatus.available);
        storage.sql().query("analyze queue_jobs").execute();
        Instant until = Instant.parse("2027-01-01T00:00:00Z");
        Instant since = completed.get(20_000).timestamp();

        for (Instant from : new Instant[] {null, since}) {
            String plan = storage.sql().explain(JooqQueueJobRepository.cleanupStatement(storage.sql(), from, until,
                    1000)).plan();
            System.out.println("EXPLAIN cleanup since " + from + ":\n" + plan);
            assertThat(plan).contains("Index").doesNotContain("Seq Scan");
        }

        // reserving, too, finds its jobs by index
        String reserve = storage.sql().explain(JooqQueueJobRepository.reserveStatement(storage.sql(), until,
                new io.authstore.storage.queue.Worker(completed.getFirst()), List.of("waiting"), 20)).plan();
        System.out.println("EXPLAIN reserve:\n" + reserve);
        assertThat(reserve).contains("Index").doesNotContain("Seq Scan");

        Cleanup batch = storage.saved(s -> s.queueJob().cleanup(null, until, 1000));
        assertThat(batch.affected()).isEqualTo(1000);
        assertThat(storage.sql().fetchCount(QUEUE_JOBS)).isEqualTo(49_000);
    }
}
