package io.authstore.storage.jooq.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.DatabaseException;
import io.authstore.storage.FrozenClock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.StorageSettings;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.UserFilter;
import io.authstore.tools.database.DatabaseUrl;
import io.authstore.tools.database.Migrations;
import io.authstore.tools.embedded.EphemeralPostgres;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The server restarted while the pool is open, on a server of its own (the other tests share one): callers get
 * errors, not hangs, while it is down, and the pool recovers by itself once it is back, without being recreated.
 */
@Isolated
class ServerRestartTest {

    private static final Duration TIMEOUT = TestStorage.TIMEOUT;
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(2);
    /** A caller waits at most the acquire timeout (connecting included), plus scheduling slack on a busy machine. */
    private static final Duration FAILS_WITHIN = ACQUIRE_TIMEOUT.plusSeconds(3);
    /** The stated bound for the pool's recovery once the server accepts connections again. */
    private static final Duration RECOVERS_WITHIN = Duration.ofSeconds(5);

    private final FrozenClock clock = new FrozenClock(TestStorage.START);
    private final RandomSource random = RandomSource.seeded(TestStorage.SEED);
    private EphemeralPostgres server;
    private JooqRepositoryFactory factory;

    @BeforeEach
    void startAServerOfItsOwn() {
        server = EphemeralPostgres.start();
        String database = server.createDatabase();
        Migrations.fromClasspath(DatabaseUrl.parse(server.uri(database))).migrate();
        factory = JooqRepositoryFactory.create(StorageSettings.fromUrl(server.uri(database) + "?sslmode=disable")
                .toBuilder()
                .applicationName("restart")
                .maxSize(2)
                .acquireTimeout(ACQUIRE_TIMEOUT)
                .connectTimeout(Duration.ofSeconds(1))
                .validationTimeout(Duration.ofSeconds(1))
                .build());
    }

    @AfterEach
    void stopIt() {
        try {
            factory.close();
        } finally {
            server.close();
        }
    }

    @Test
    void callersGetErrorsWhileTheServerIsDownAndThePoolRecoversOnceItIsBack() {
        factory.transaction(session -> session.user().add(clock, random, "before")).block(TIMEOUT);
        RepositorySession open = factory.open().block(TIMEOUT);
        open.user().add(clock, random, "during").block(TIMEOUT);

        server.stopKeepingData();

        assertFailsFast(() -> open.user().add(clock, random, "after").block(TIMEOUT));
        for (int attempt = 0; attempt < 3; attempt++) {
            assertFailsFast(() -> factory.transaction(session -> session.user().count(UserFilter.all()))
                    .block(TIMEOUT));
        }
        assertThatThrownBy(() -> open.save().block(TIMEOUT)).isInstanceOf(IllegalStateException.class);

        server.startAgain();
        long back = System.nanoTime();
        long attempts = 0;
        Long users = null;
        while (users == null) {
            attempts++;
            try {
                users = factory.transaction(session -> session.user().count(UserFilter.all())).block(TIMEOUT);
            } catch (DatabaseException stillFailing) {
                assertThat(Duration.ofNanos(System.nanoTime() - back)).as("recovery").isLessThan(RECOVERS_WITHIN);
                sleep(Duration.ofMillis(50));
            }
        }
        Duration recovery = Duration.ofNanos(System.nanoTime() - back);
        System.out.printf("faults: the pool served a session %.0f ms after the server was back (%d attempts)%n",
                recovery.toNanos() / 1e6, attempts);

        assertThat(recovery).isLessThan(RECOVERS_WITHIN);
        assertThat(users).as("'before' was committed, 'during' was not").isEqualTo(1);
        assertThat(factory.transaction(session -> session.user().findByUsername("before")).blockOptional(TIMEOUT))
                .isPresent();
    }

    private static void assertFailsFast(Runnable attempt) {
        long start = System.nanoTime();
        assertThatThrownBy(attempt::run).isInstanceOf(DatabaseException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAILS_WITHIN);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
