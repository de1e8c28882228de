package io.authstore.storage.jooq.queue;

import static io.authstore.storage.jooq.queue.QueueTesting.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The listener's own connection handling. */
@ExtendWith(StorageExtension.class)
class JobListenerTest {

    /**
     * A check of the connection that takes longer than the check period (here every check does: the period is 1 ms)
     * is not a lost connection. The ticks used to overflow ("Could not emit tick … due to lack of requests"), which
     * the listener took for a failure and reconnected; the soak showed it on a loaded machine.
     */
    @Test
    void checksSlowerThanTheirPeriodDoNotMakeTheListenerReconnect(TestStorage storage) throws Exception {
        try (JobListener listener = JobListener.start(storage.factory().settings(), Duration.ofMillis(1))) {
            await("the listener listens", Duration.ofSeconds(10), listener::isListening);
            Thread.sleep(1_000);
            assertThat(listener.connections()).isEqualTo(1);
            assertThat(listener.isListening()).isTrue();
        }
    }
}
