package io.authstore.tools.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.tools.embedded.FaultyNetwork;
import io.authstore.url.HostAndPort;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tools through a {@link FaultyNetwork} proxy that goes silent: connecting is bounded (connect_timeout covers the
 * login too), and so is a status whose answers stop coming mid-session; afterwards the same URL works again.
 */
class SilentNetworkToolsTest {

    private DatabaseUrl direct;
    private FaultyNetwork network;

    @BeforeEach
    void aDatabaseBehindAProxy() {
        direct = TestDatabases.freshDatabase();
        Migrations.fromClasspath(direct).migrate();
        HostAndPort server = direct.hosts().get(0);
        network = new FaultyNetwork(server.host(), server.port());
    }

    @AfterEach
    void closeTheProxy() {
        network.close();
    }

    private DatabaseUrl throughProxy(String parameters) {
        return DatabaseUrl.parse("postgresql://" + direct.user() + "@127.0.0.1:" + network.port() + "/"
                + direct.database() + "?" + parameters);
    }

    @Test
    void statusAndMigrateThroughASilentNetworkFailWithinTheConnectTimeout() {
        DatabaseUrl url = throughProxy("connect_timeout=1");
        network.silence();

        for (Runnable command : new Runnable[] {
                () -> Migrations.fromClasspath(url).status(), () -> Migrations.fromClasspath(url).migrate()}) {
            long start = System.nanoTime();
            assertThatThrownBy(command::run).isInstanceOf(MigrationException.class)
                    .hasMessageContaining("cannot connect to postgresql://" + direct.user() + "@127.0.0.1:");
            Duration failedAfter = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("faults: a tools command through a silent network failed after %.0f ms"
                    + " (connect_timeout 1 s)%n", failedAfter.toNanos() / 1e6);
            assertThat(failedAfter).isLessThan(Duration.ofSeconds(3));
        }

        network.heal();
        assertThat(Migrations.fromClasspath(url).status().pending()).isEmpty();
    }

    @Test
    void aStatusWhoseAnswersStopComingFailsWithinTheSocketTimeout() throws Exception {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://127.0.0.1:" + network.port() + "/" + direct.database()
                + "?user=" + direct.user() + "&socketTimeout=1");
        CompletableFuture<Throwable> status;
        long start;
        try (Connection lock = DriverManager.getConnection(direct.jdbcUrl(), direct.jdbcProperties())) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("lock table flyway_schema_history in access exclusive mode");
            start = System.nanoTime();
            status = CompletableFuture.supplyAsync(() -> {
                try {
                    Migrations.fromClasspath(url).status();
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            awaitStatusWaitingForTheLock();
            network.silence(); // the server answers once the lock is gone, but nothing gets through
            lock.rollback();
        }
        Throwable failure = status.get(10, TimeUnit.SECONDS);
        Duration failedAfter = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("faults: a status that went unanswered mid-session failed after %.0f ms (socketTimeout"
                + " 1 s)%n", failedAfter.toNanos() / 1e6);
        assertThat(failure).isInstanceOf(MigrationException.class).hasMessageContaining("timed out");
        assertThat(failedAfter).isLessThan(Duration.ofSeconds(4));
    }

    private void awaitStatusWaitingForTheLock() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (TestDatabases.query(direct, "select count(*) from pg_stat_activity where datname = '"
                + direct.database() + "' and wait_event_type = 'Lock'").get(0).equals("0")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("status never waited for the lock");
            }
            Thread.sleep(20);
        }
    }
}
