package io.authstore.storage.jooq.queue;

import static io.authstore.snapshot.Tables.QUEUE_JOBS;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.snapshot.enums.QueueJobStatus;
import io.authstore.storage.Clock;
import io.authstore.storage.JsonValue;
import io.authstore.storage.RandomSource;
import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

/** The README's queue worker example, compiled and run here; the test fails when the two differ. */
@ExtendWith(StorageExtension.class)
class QueueReadmeExampleTest {

    static void example(JooqRepositoryFactory factory) throws Exception {
        // README:begin
        // factory: the application's JooqRepositoryFactory. One listener per process, on a connection of its own.
        try (JobListener listener = JobListener.start(factory.settings(), Duration.ofSeconds(1))) {
            CountDownLatch sent = new CountDownLatch(1);
            JobHandlers handlers = new JobHandlers()
                    .register("send-email", job -> Mono.fromRunnable(() -> {
                        System.out.println("sending " + job.payload() + ", attempt " + job.attempt());
                        sent.countDown();
                    }));
            QueueWorker worker = new QueueWorker(factory, listener, handlers, List.of(), QueueSettings.defaults(),
                    Clock.system(), RandomSource.secure());
            CompletableFuture<Void> stopped = worker.run().toFuture(); // runs until stop()

            // Anywhere in the application: the job is committed with the rest of the transaction.
            factory.transaction(repositories -> repositories.queueJob().schedule(Clock.system(),
                            RandomSource.secure(), "send-email", JsonValue.parse("{\"to\": \"alice@example.com\"}"),
                            JsonValue.EMPTY_OBJECT))
                    .block(Duration.ofSeconds(10));

            sent.await(10, TimeUnit.SECONDS);
            worker.stop(); // waits (up to shutdownTimeout) for running jobs, then gives up its lease
            stopped.get(60, TimeUnit.SECONDS);
        }
        // README:end
    }

    @Test
    void theExampleRunsAndCompletesTheJob(TestStorage storage) throws Exception {
        example(storage.factory());

        assertThat(storage.sql().fetchCount(QUEUE_JOBS, QUEUE_JOBS.STATUS.eq(QueueJobStatus.completed))).isEqualTo(1);
    }

    @Test
    void theReadmeShowsExactlyThisExample() throws IOException {
        Path root = Path.of(System.getProperty("authstore.projectRoot", ".."));
        String readme = Files.readString(root.resolve("README.md"));
        String source = Files.readString(root.resolve(
                "storage-jooq/src/test/java/io/authstore/storage/jooq/queue/QueueReadmeExampleTest.java"));

        List<String> lines = source.lines().toList();
        List<String> example = lines.subList(indexOf(lines, "// README:begin") + 1, indexOf(lines, "// README:end"));
        int indent = example.getFirst().indexOf(example.getFirst().strip());
        List<String> expected = example.stream()
                .map(line -> line.length() >= indent ? line.substring(indent) : line.strip())
                .toList();

        List<String> readmeLines = readme.lines().toList();
        int section = indexOf(readmeLines, "### Running a queue worker");
        int start = section + readmeLines.subList(section, readmeLines.size()).indexOf("```java") + 1;
        int end = start + readmeLines.subList(start, readmeLines.size()).indexOf("```");
        assertThat(readmeLines.subList(start, end)).isEqualTo(expected);
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("marker not found: " + marker);
    }
}
