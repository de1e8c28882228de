package io.authstore.storage.jooq.faults;

import static io.authstore.storage.jooq.faults.ServerSide.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.DatabaseException;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.StorageSettings;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.UserFilter;
import io.authstore.tools.embedded.FaultyNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The network between the pool and PostgreSQL goes bad, through a {@link FaultyNetwork} proxy: silent mid-statement,
 * at COMMIT, while connections idle in the pool and while connecting; reset mid-transaction; slow. Every caller gets
 * an answer within the configured bounds, nothing half-committed is left, and once the network heals the next
 * session succeeds on the same factory.
 */
@ExtendWith(StorageExtension.class)
class SilentNetworkTest {

    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration NETWORK_TIMEOUT = Duration.ofMillis(500);
    /** The client's bound, plus the sweeper's period and scheduling slack on a busy machine. */
    private static final Duration UNANSWERED_FAILS_WITHIN = STATEMENT_TIMEOUT.plus(NETWORK_TIMEOUT).plusSeconds(2);

    private FaultyNetwork network;

    private JooqRepositoryFactory behindProxy(TestStorage storage, UnaryOperator<StorageSettings.Builder> change) {
        network = new FaultyNetwork(storage.settings().host(), storage.settings().port());
        return storage.factory(settings -> change.apply(settings
                .host("127.0.0.1")
                .port(network.port())
                .applicationName("network")
                .statementTimeout(STATEMENT_TIMEOUT)
                .networkTimeout(NETWORK_TIMEOUT)
                .connectTimeout(Duration.ofSeconds(1))
                .acquireTimeout(Duration.ofSeconds(3))
                .validationTimeout(Duration.ofMillis(500))));
    }

    @AfterEach
    void closeTheProxy() {
        if (network != null) {
            network.close();
        }
    }

    @Test
    void aStatementThatGetsNoAnswerFailsAndItsTransactionIsNotCommitted(TestStorage storage) {
        JooqRepositoryFactory factory = behindProxy(storage, settings -> settings);
        RepositorySession session = factory.open().block(TIMEOUT);
        session.user().add(storage.clock(), storage.random(), "half").block(TIMEOUT);

        network.silence();
        Duration failedAfter = failsNamingTheSilence(
                () -> session.user().add(storage.clock(), storage.random(), "other").block(TIMEOUT));
        System.out.printf("faults: a statement on a silent network failed after %.0f ms (bound %d ms)%n",
                failedAfter.toNanos() / 1e6, STATEMENT_TIMEOUT.plus(NETWORK_TIMEOUT).toMillis());

        network.heal();
        assertHealedAndNothingHalfCommitted(storage, factory, "half");
    }

    @Test
    void aCommitThatGetsNoAnswerFailsAndTheConnectionIsNotReused(TestStorage storage) {
        JooqRepositoryFactory factory = behindProxy(storage, settings -> settings);
        RepositorySession session = factory.open().block(TIMEOUT);
        session.user().add(storage.clock(), storage.random(), "unsaved").block(TIMEOUT);

        network.silence();
        Duration failedAfter = failsNamingTheSilence(() -> session.save().block(TIMEOUT));
        System.out.printf("faults: a COMMIT on a silent network failed after %.0f ms%n", failedAfter.toNanos() / 1e6);

        network.heal();
        // The COMMIT never reached the server, which rolls back once the connection is gone.
        assertHealedAndNothingHalfCommitted(storage, factory, "unsaved");
    }

    @Test
    void idleConnectionsWhoseNetworkWentSilentAreDroppedBeforeACallerGetsOne(TestStorage storage) {
        JooqRepositoryFactory factory = behindProxy(storage, settings -> settings
                .validateAfterIdle(Duration.ofMillis(200)));
        List<RepositorySession> warm = IntStream.range(0, 3).mapToObj(i -> factory.open().block(TIMEOUT)).toList();
        warm.forEach(session -> session.user().count(UserFilter.all()).block(TIMEOUT));
        warm.forEach(session -> session.cancel().block(TIMEOUT));
        assertThat(factory.poolStatus().idle()).isEqualTo(3);

        network.silenceOpenConnections(); // a dead NAT entry: these are gone, new connections get through
        sleep(Duration.ofMillis(300));

        long start = System.nanoTime();
        factory.transaction(session -> session.user().add(storage.clock(), storage.random(), "after")).block(TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("faults: with 3 dead idle connections in the pool, a transaction took %.0f ms%n",
                took.toNanos() / 1e6);

        // one check times out (validationTimeout); the others were idle as long and are dropped without one
        assertThat(took).isLessThan(Duration.ofMillis(500).plusSeconds(1));
        assertThat(ServerSide.users(storage, "after")).isEqualTo(1);
        ServerSide.awaitTrue(() -> network.openConnections() == 1, "the dead connections closed");
    }

    @Test
    void connectingThroughASilentNetworkFailsWithinTheConnectTimeout(TestStorage storage) {
        JooqRepositoryFactory factory = behindProxy(storage, settings -> settings);
        network.silence();

        long start = System.nanoTime();
        assertThatThrownBy(() -> factory.transaction(session -> session.user().count(UserFilter.all()))
                .block(TIMEOUT))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("127.0.0.1:" + network.port());
        Duration failedAfter = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("faults: connecting through a silent network failed after %.0f ms (connectTimeout 1000 ms,"
                + " two attempts, acquireTimeout 3000 ms)%n", failedAfter.toNanos() / 1e6);
        assertThat(failedAfter).isLessThan(Duration.ofSeconds(3).plusSeconds(1));

        network.heal();
        assertThat(factory.transaction(session -> session.user().count(UserFilter.all())).block(TIMEOUT)).isZero();
    }

    @Test
    void aConnectionResetMidTransactionFailsAtOnceAndCommitsNothing(TestStorage storage) {
        JooqRepositoryFactory factory = behindProxy(storage, settings -> settings);
        RepositorySession session = factory.open().block(TIMEOUT);
        session.user().add(storage.clock(), storage.random(), "reset").block(TIMEOUT);

        network.resetOpenConnections();
        long start = System.nanoTime();
        assertThatThrownBy(() -> session.user().add(storage.clock(), storage.random(), "other").block(TIMEOUT))
                .isInstanceOf(DatabaseException.class);
        Duration failedAfter = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("faults: a statement on a reset connection failed after %.0f ms%n", failedAfter.toNanos() / 1e6);
        assertThat(failedAfter).isLessThan(Duration.ofSeconds(1));

        assertHealedAndNothingHalfCommitted(storage, factory, "reset");
    }

    @Test
    void addedLatencySlowsEverythingDownButTimesNothingOut(TestStorage storage) {
        JooqRepositoryFactory factory = behindProxy(storage, settings -> settings);
        network.latency(Duration.ofMillis(100));

        long start = System.nanoTime();
        factory.transaction(session -> session.user().add(storage.clock(), storage.random(), "slow")
                        .then(session.user().add(storage.clock(), storage.random(), "slower")))
                .block(TIMEOUT);
        long users = factory.transaction(session -> session.user().count(UserFilter.all())).block(TIMEOUT);
        System.out.printf("faults: with 100 ms per packet, connecting, a transaction of two inserts and a read took"
                + " %.0f ms%n", (System.nanoTime() - start) / 1e6);

        assertThat(users).isEqualTo(2);
    }

    @Test
    void bothEndsOfAnIdleConnectionProbeThePeerWithinTheKeepAliveTime(TestStorage storage) throws Exception {
        JooqRepositoryFactory factory = behindProxy(storage, settings -> settings.keepAliveIdle(Duration.ofSeconds(3)));
        factory.transaction(session -> session.user().count(UserFilter.all())).block(TIMEOUT);

        long client = nextKeepAliveProbeMillis(network.port());
        long server = nextKeepAliveProbeMillis(network.serverSidePeerPorts().get(0));
        System.out.printf("faults: an idle pooled connection's keepalive probes are due in %d ms (client) and %d ms"
                + " (PostgreSQL) for keepAliveIdle 3 s; the kernel's default is 7,200 s%n", client, server);
        assertThat(client).isLessThanOrEqualTo(3000);
        assertThat(server).isLessThanOrEqualTo(3000);
    }

    /**
     * When the keepalive timer of the one established socket whose peer has {@code port} fires: from /proc/net/tcp
     * and tcp6, where each socket shows the timer running ("02" is keepalive) and when it fires, in 1/100 s. Right
     * after a request the socket may still run its retransmission timer ("01") until the last segment is acknowledged,
     * so this waits up to a second for the keepalive timer.
     */
    private static long nextKeepAliveProbeMillis(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        String[] timer = socketTimer(port);
        while (!timer[0].equals("02") && System.nanoTime() < deadline) {
            Thread.sleep(20);
            timer = socketTimer(port);
        }
        assertThat(timer[0]).as("its keepalive timer runs").isEqualTo("02");
        return Long.parseLong(timer[1], 16) * 10;
    }

    private static String[] socketTimer(int port) throws Exception {
        String suffix = String.format(":%04X", port);
        List<String[]> sockets = Stream.concat(Files.readAllLines(Path.of("/proc/net/tcp")).stream(),
                        Files.readAllLines(Path.of("/proc/net/tcp6")).stream())
                .map(line -> line.trim().split("\\s+"))
                .filter(fields -> fields.length > 5 && fields[3].equals("01"))
                .filter(fields -> fields[2].endsWith(suffix))
                .toList();
        assertThat(sockets).as("one established socket talking to port " + port).hasSize(1);
        return sockets.get(0)[5].split(":");
    }

    private static Duration failsNamingTheSilence(Runnable attempt) {
        long start = System.nanoTime();
        assertThatThrownBy(attempt::run)
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("no answer from PostgreSQL within "
                        + STATEMENT_TIMEOUT.plus(NETWORK_TIMEOUT).toMillis() + " ms");
        Duration failedAfter = Duration.ofNanos(System.nanoTime() - start);
        assertThat(failedAfter).isGreaterThanOrEqualTo(STATEMENT_TIMEOUT.plus(NETWORK_TIMEOUT))
                .isLessThan(UNANSWERED_FAILS_WITHIN);
        return failedAfter;
    }

    /** The next session succeeds on the same factory; the abandoned transaction left nothing and holds nothing. */
    private static void assertHealedAndNothingHalfCommitted(TestStorage storage, JooqRepositoryFactory factory,
            String abandoned) {
        assertThat(factory.transaction(session -> session.user().add(storage.clock(), storage.random(), "healed")
                .then(session.user().count(UserFilter.all()))).block(TIMEOUT)).isEqualTo(1);
        ServerSide.awaitNoConnectionInUse(factory);
        ServerSide.awaitTrue(() -> ServerSide.idleInTransaction(storage, "network") == 0,
                "the server rolled the abandoned transaction back");
        assertThat(ServerSide.users(storage, abandoned)).isZero();
        assertThat(ServerSide.users(storage, "healed")).isEqualTo(1);
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
