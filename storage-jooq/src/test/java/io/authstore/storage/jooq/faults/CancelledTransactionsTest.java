package io.authstore.storage.jooq.faults;

import static io.authstore.snapshot.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import reactor.core.publisher.Mono;

/**
 * Found by the soak (make soak): a transaction whose subscriber cancels at an unlucky moment before its save must
 * leave nothing behind, also once its connection serves the next unit of work.
 */
@Isolated
@ExtendWith(StorageExtension.class)
class CancelledTransactionsTest {

    private static final Duration TIMEOUT = TestStorage.TIMEOUT;
    private static final int ATTEMPTS = 300;

    @ParameterizedTest(name = "prepared statement cache of {0}")
    @ValueSource(ints = {256, 1})
    void aTransactionCancelledAtAnyMomentBeforeItsSaveLeavesNothingBehind(int statementCache, TestStorage storage)
            throws Exception {
        // One connection, so that each cancelled unit of work's connection serves the next, committed one. With a
        // statement cache of 1 and two statements taking turns, every statement misses the cache and goes out in two
        // exchanges (prepare, then execute): the case where the driver still sends the rest of a statement after its
        // subscriber cancelled.
        JooqRepositoryFactory factory =
                storage.factory(settings -> settings.maxSize(1).preparedStatementCacheSize(statementCache));
        Clock clock = Clock.system();
        RandomSource random = RandomSource.secure();

        for (int i = 0; i < ATTEMPTS; i++) {
            String abandoned = "abandoned-" + i;
            // cancelled 0 to 3 ms after subscribing: while opening, during the insert, or after it
            Duration cancelAfter = Duration.ofNanos(i * 10_000L);
            factory.transaction(session -> session.user().add(clock, random, abandoned)
                            .flatMap(user -> session.browserSession().add(clock, random, user, Optional.empty()))
                            .then(Mono.never()))
                    .timeout(cancelAfter, Mono.empty())
                    .block(TIMEOUT);
            String kept = "kept-" + i;
            factory.transaction(session -> session.user().add(clock, random, kept)).block(TIMEOUT);
        }

        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (factory.poolStatus().acquired() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(factory.poolStatus().acquired()).as("connections in use").isZero();
        assertThat(storage.sql().fetch(USERS, USERS.USERNAME.like("abandoned-%")).map(user -> user.getUsername()))
                .as("users of cancelled transactions").isEmpty();
        assertThat(storage.sql().fetchCount(USERS, USERS.USERNAME.like("kept-%"))).isEqualTo(ATTEMPTS);
    }
}
