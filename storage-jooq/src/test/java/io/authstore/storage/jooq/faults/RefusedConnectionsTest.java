package io.authstore.storage.jooq.faults;

import static io.authstore.storage.jooq.faults.ServerSide.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.DatabaseException;
import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.jooq.testing.TraceLog;
import io.authstore.storage.users.UserFilter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

/**
 * PostgreSQL refuses new connections (here a role's CONNECTION LIMIT of 2, under a pool of 8): callers wait for the
 * connections the pool holds instead of failing at once, and only those that get none within acquireTimeout fail,
 * naming the refusal. The refusal is logged once per episode.
 */
@ExtendWith(StorageExtension.class)
class RefusedConnectionsTest {

    private static final int UNITS = 16;
    private static final Duration UNIT = Duration.ofMillis(200);
    private static final int LIMIT = 2;

    @Test
    void callersWaitForTheConnectionsThePoolHoldsWhileTheServerRefusesNewOnes(TestStorage storage) throws Exception {
        String role = limitedRole(storage);
        JooqRepositoryFactory factory = storage.factory(settings -> settings
                .username(role).applicationName(role).maxSize(8).acquireTimeout(Duration.ofSeconds(4)));

        long start = System.nanoTime();
        List<Throwable> outcomes = run(factory);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("faults: %d units of work of %d ms on a pool of 8 under a CONNECTION LIMIT of %d took %.0f ms%n",
                UNITS, UNIT.toMillis(), LIMIT, took.toNanos() / 1e6);

        assertThat(outcomes).as("every unit of work succeeded").containsOnlyNulls();
        // 16 × 200 ms over 2 connections is 1.6 s (a pool of 2 without refusals took 1.76 s here, and 3.2 s as the
        // first test of a cold JVM)
        assertThat(took).isLessThan(Duration.ofMillis(3500));
        assertThat(refusalWarnings(role)).as("the refusal is logged once per episode").isEqualTo(1);
    }

    @Test
    void aCallerThatGetsNoConnectionWithinTheAcquireTimeoutFailsNamingTheRefusal(TestStorage storage)
            throws Exception {
        String role = limitedRole(storage);
        Duration acquireTimeout = Duration.ofMillis(500);
        JooqRepositoryFactory factory = storage.factory(settings -> settings
                .username(role).applicationName(role).maxSize(8).acquireTimeout(acquireTimeout));

        long start = System.nanoTime();
        List<Throwable> outcomes = run(factory);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        List<Throwable> failures = outcomes.stream().filter(outcome -> outcome != null).toList();
        System.out.printf("faults: with acquireTimeout %d ms, %d of %d units of work failed; all done after %.0f ms%n",
                acquireTimeout.toMillis(), failures.size(), UNITS, took.toNanos() / 1e6);
        assertThat(failures).as("2 connections cannot serve 16 units of 200 ms within 500 ms").isNotEmpty();
        assertThat(UNITS - failures.size()).as("those the 2 connections could serve succeeded")
                .isGreaterThanOrEqualTo(LIMIT);
        for (Throwable failure : failures) {
            assertThat(failure).isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("refuses new connections")
                    .hasMessageContaining("within " + acquireTimeout.toMillis() + " ms");
            assertThat(((DatabaseException) failure).sqlState()).contains("53300");
        }
        assertThat(took).isLessThan(acquireTimeout.plus(UNIT).plusSeconds(2));
    }

    /** A role of its own that may hold {@value #LIMIT} connections, with the rights the repositories need. */
    private static String limitedRole(TestStorage storage) {
        String role = "limited_" + storage.database().toLowerCase();
        storage.sql().execute("create role " + role + " login connection limit " + LIMIT);
        storage.sql().execute("grant select, insert, update, delete on all tables in schema public to " + role);
        return role;
    }

    /** {@value #UNITS} concurrent units of work that each hold their connection {@link #UNIT}: null for success. */
    private static List<Throwable> run(JooqRepositoryFactory factory) throws Exception {
        List<CompletableFuture<Throwable>> units = IntStream.range(0, UNITS)
                .mapToObj(i -> factory.transaction(session -> session.user().count(UserFilter.all())
                                .delayElement(UNIT))
                        .then(Mono.<Throwable>empty())
                        .onErrorResume(Mono::just)
                        .toFuture())
                .toList();
        CompletableFuture.allOf(units.toArray(CompletableFuture[]::new)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return units.stream().map(CompletableFuture::join).toList();
    }

    private static long refusalWarnings(String role) {
        return TraceLog.searchableText().lines()
                .filter(line -> line.contains("refuses new connections (SQLSTATE 53300") && line.contains(role))
                .count();
    }
}
