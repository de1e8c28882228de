package io.authstore.storage.jooq.queue;

import static io.authstore.snapshot.Tables.QUEUE_JOBS;

import io.authstore.snapshot.enums.QueueJobStatus;
import io.authstore.snapshot.tables.records.QueueJobsRecord;
import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.testing.TestStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jooq.InsertValuesStep5;
import org.jooq.JSONB;
import reactor.core.Disposable;

/** Helpers of the queue tests: workers on pools of their own, bulk jobs, waiting for a condition. */
final class QueueTesting {

    private QueueTesting() {}

    /** A worker "process": its own pool of 3 connections, its own listener when {@code listen}. */
    static final class Process implements AutoCloseable {
        final JooqRepositoryFactory factory;
        final JobListener listener;
        final QueueWorker worker;
        private CompletableFuture<Void> run;
        private Disposable killable;

        Process(TestStorage storage, boolean listen, JobHandlers handlers, List<RecurringJob> schedules,
                QueueSettings settings) {
            this.factory = storage.factory(settings1 -> settings1.maxSize(3));
            this.listener = listen ? JobListener.start(factory.settings(), settings.reconnectDelay()) : null;
            this.worker = new QueueWorker(factory, listener, handlers, schedules, settings, Clock.system(),
                    RandomSource.secure());
        }

        Process start() {
            run = new CompletableFuture<>();
            killable = worker.run().subscribe(null, run::completeExceptionally, () -> run.complete(null));
            return this;
        }

        /** Stops it as its process would die: no shutdown, no more heartbeats. */
        void kill() {
            killable.dispose();
        }

        /** A clean stop, waited for. */
        void stop() throws Exception {
            worker.stop();
            run.get(20, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            if (killable != null) {
                killable.dispose();
            }
            if (listener != null) {
                listener.close();
            }
        }
    }

    /** Inserts {@code count} available jobs on {@code queue} straight into the table (10,000 per statement). */
    static List<Ulid> insertJobs(TestStorage storage, String queue, int count, QueueJobStatus status) {
        List<Ulid> ids = new ArrayList<>(count);
        RandomSource random = RandomSource.secure();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int from = 0; from < count; from += 10_000) {
            InsertValuesStep5<QueueJobsRecord, java.util.UUID, String, JSONB, java.time.OffsetDateTime,
                    QueueJobStatus> insert = storage.sql().insertInto(QUEUE_JOBS, QUEUE_JOBS.QUEUE_JOB_ID,
                    QUEUE_JOBS.QUEUE_NAME, QUEUE_JOBS.PAYLOAD, QUEUE_JOBS.CREATED_AT, QUEUE_JOBS.STATUS);
            for (int i = from; i < Math.min(count, from + 10_000); i++) {
                Instant created = start.plusMillis(i);
                Ulid id = Ulid.generate(created, random);
                ids.add(id);
                insert = insert.values(id.toUuid(), queue, JSONB.valueOf("{\"n\": " + i + "}"),
                        created.atOffset(ZoneOffset.UTC), status);
            }
            insert.execute();
        }
        return ids;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    static long percentile(List<Long> sorted, double fraction) {
        int index = (int) Math.ceil(fraction * sorted.size()) - 1;
        return sorted.get(Math.clamp(index, 0, sorted.size() - 1));
    }

    /** Appends a measured figure to target/queue-figures.txt (quoted in the README). */
    static void record(String line) {
        System.out.println(line);
        try {
            Files.writeString(Path.of("target", "queue-figures.txt"), line + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // figures are informational
        }
    }
}
