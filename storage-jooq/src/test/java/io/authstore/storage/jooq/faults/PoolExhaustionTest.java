package io.authstore.storage.jooq.faults;

import static io.authstore.storage.jooq.faults.ServerSide.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.DatabaseException;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.UserFilter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import reactor.core.publisher.Mono;

/**
 * An exhausted pool: every caller waiting longer than the acquire timeout gets a timeout error that names the pool
 * and its size, at about the same time, and none waits forever; the pool serves again once the holders are done.
 */
@Isolated
@ExtendWith(StorageExtension.class)
class PoolExhaustionTest {

    private static final Duration ACQUIRE_TIMEOUT = Duration.ofMillis(500);
    private static final int SIZE = 2;
    private static final int WAITING_CALLERS = 8;

    @Test
    void everyWaitingCallerTimesOutNamingThePoolAndThePoolServesAgainAfterwards(TestStorage storage) throws Exception {
        JooqRepositoryFactory factory = storage.factory(settings -> settings
                .applicationName("exhausted").maxSize(SIZE).acquireTimeout(ACQUIRE_TIMEOUT));
        List<RepositorySession> holders = IntStream.range(0, SIZE)
                .mapToObj(i -> factory.open().block(TIMEOUT))
                .toList();

        long start = System.nanoTime();
        List<CompletableFuture<Throwable>> callers = IntStream.range(0, WAITING_CALLERS)
                .mapToObj(i -> factory.transaction(session -> session.user().count(UserFilter.all()))
                        .map(Throwable.class::cast)
                        .onErrorResume(Mono::just)
                        .toFuture())
                .toList();
        CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Duration allFailedAfter = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("faults: %d callers on an exhausted pool of %d all failed after %.0f ms (acquire timeout"
                + " %d ms)%n", WAITING_CALLERS, SIZE, allFailedAfter.toNanos() / 1e6, ACQUIRE_TIMEOUT.toMillis());

        for (CompletableFuture<Throwable> caller : callers) {
            assertThat(caller.get()).isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("no connection from pool 'exhausted' (max size " + SIZE + ", " + SIZE
                            + " in use")
                    .hasMessageContaining("within " + ACQUIRE_TIMEOUT.toMillis() + " ms");
        }
        assertThat(allFailedAfter).isGreaterThanOrEqualTo(ACQUIRE_TIMEOUT).isLessThan(ACQUIRE_TIMEOUT.plusSeconds(4));
        assertThat(factory.poolStatus().pending()).as("nobody still waiting").isZero();

        holders.forEach(holder -> holder.cancel().block(TIMEOUT));
        assertThat(factory.transaction(session -> session.user().count(UserFilter.all())).block(TIMEOUT)).isZero();
    }
}
