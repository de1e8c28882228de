package io.authstore.storage.jooq.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.Clock;
import io.authstore.storage.DatabaseException;
import io.authstore.storage.RandomSource;
import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.StorageSettings;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserFilter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A primary and its synchronous streaming standby, on servers of their own: read-only units of work run on the
 * standby, and when the primary stops and the standby is promoted, the same factory moves its writes over by itself
 * (multi-host URL, {@code target_session_attrs=read-write}). The failover runs last: it ends the pair.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Generous for a busy 2-core machine that runs other tests meanwhile; the failover takes a fraction of it. */
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** No unit of work may take longer than the acquire timeout plus the connect timeout, and some slack. */
    private static final Duration FAILS_WITHIN = ACQUIRE_TIMEOUT.plus(CONNECT_TIMEOUT).plusSeconds(3);
    /** The stated bound: from the primary's stop to the first write committed on the new primary. */
    private static final Duration FAILS_OVER_WITHIN = Duration.ofSeconds(10);

    private final Clock clock = Clock.system();
    private final RandomSource random = RandomSource.secure();
    private ReplicatedPair pair;
    private JooqRepositoryFactory factory;

    @BeforeAll
    void startThePair() throws Exception {
        pair = ReplicatedPair.start();
        factory = JooqRepositoryFactory.create(StorageSettings.fromUrl(pair.url("target_session_attrs=read-write"))
                .toBuilder()
                .applicationName("failover")
                .maxSize(4)
                .acquireTimeout(ACQUIRE_TIMEOUT)
                .connectTimeout(CONNECT_TIMEOUT)
                .validationTimeout(Duration.ofSeconds(1))
                .hostRecheckTime(Duration.ofMillis(200))
                .build());
    }

    @AfterAll
    void stopThePair() throws Exception {
        try {
            if (factory != null) {
                factory.close();
            }
        } finally {
            if (pair != null) {
                pair.close();
            }
        }
    }

    @Test
    @Order(1)
    void readOnlyWorkRunsOnTheStandbyAndRefusesWrites() throws Exception {
        User written = factory.transaction(session -> session.user().add(clock, random, "replicated"))
                .block(TIMEOUT);

        User read = factory.readOnly(session -> session.user().findByUsername("replicated")).block(TIMEOUT);
        if (read == null) {
            System.out.println("not on the standby yet: " + pair.replicationState());
        }
        assertThat(read).as("synchronous_commit = remote_apply: the commit was applied on the standby when it returned")
                .isNotNull();
        assertThat(read.id()).isEqualTo(written.id());
        try (Connection standby = pair.connectToStandby(); Statement statement = standby.createStatement();
                ResultSet applications = statement.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'failover'")) {
            applications.next();
            assertThat(applications.getInt(1)).as("the read-only pool's connection is on the standby")
                    .isPositive();
        }

        assertThatThrownBy(() -> factory.readOnly(session -> session.user().add(clock, random, "refused"))
                        .block(TIMEOUT))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("SQLSTATE 25006")
                .hasMessageContaining("a read-only session (readOnly, openReadOnly) or a standby cannot write");
        assertThat(factory.transaction(session -> session.user().findByUsername("refused")).block(TIMEOUT))
                .isNull();
    }

    @Test
    @Order(2)
    void writesMoveToThePromotedStandbyAndNoCommittedWriteIsLost() throws Exception {
        Set<String> committed = ConcurrentHashMap.newKeySet();
        List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong slowestMillis = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong firstCommitAfterStop = new AtomicLong(Long.MAX_VALUE);
        AtomicLong stoppedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong downAt = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> loops = new ArrayList<>();
        for (int client = 0; client < 4; client++) {
            int id = client;
            loops.add(clients.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    String name = "c" + id + "_" + i;
                    long start = System.nanoTime();
                    try {
                        if (i % 2 == 0) {
                            factory.transaction(session -> session.user().add(clock, random, name)).block(TIMEOUT);
                            committed.add(name);
                            if (start > downAt.get()) { // so it committed on the new primary
                                firstCommitAfterStop.accumulateAndGet(System.nanoTime(), Math::min);
                            }
                        } else {
                            factory.transaction(session -> session.user().count(UserFilter.all())).block(TIMEOUT);
                        }
                    } catch (DatabaseException expected) {
                        failures.incrementAndGet();
                        pause();
                    } catch (RuntimeException other) {
                        unexpected.add(other.toString());
                    }
                    slowestMillis.accumulateAndGet((System.nanoTime() - start) / 1_000_000, Math::max);
                }
            }));
        }
        long warmUp = System.nanoTime() + TIMEOUT.toNanos();
        while (committed.size() < 20 && System.nanoTime() < warmUp) {
            Thread.sleep(20);
        }
        assertThat(committed).as("writes before the failover").hasSizeGreaterThanOrEqualTo(20);

        stoppedAt.set(System.nanoTime());
        pair.stopPrimary();
        downAt.set(System.nanoTime());
        pair.promoteStandby();
        long promotedAt = System.nanoTime();
        long deadline = stoppedAt.get() + FAILS_OVER_WITHIN.toNanos();
        while (firstCommitAfterStop.get() == Long.MAX_VALUE && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(300); // a few more units of work on the new primary
        running.set(false);
        clients.shutdown();
        for (Future<?> loop : loops) {
            loop.get(FAILS_WITHIN.toSeconds() + 5, java.util.concurrent.TimeUnit.SECONDS);
        }

        long failoverMillis = (firstCommitAfterStop.get() - stoppedAt.get()) / 1_000_000;
        System.out.printf("failover: the primary's fast shutdown took %d ms, the promotion %d ms; the first write"
                        + " committed on the new primary %d ms after the shutdown began; %d units of work failed"
                        + " meanwhile, the slowest took %d ms; %d writes committed%n",
                (downAt.get() - stoppedAt.get()) / 1_000_000, (promotedAt - downAt.get()) / 1_000_000, failoverMillis, failures.get(), slowestMillis.get(),
                committed.size());
        assertThat(unexpected).as("every failure is a DatabaseException").isEmpty();
        assertThat(firstCommitAfterStop.get()).as("a write committed on the new primary").isNotEqualTo(Long.MAX_VALUE);
        assertThat(Duration.ofMillis(failoverMillis)).isLessThan(FAILS_OVER_WITHIN);
        assertThat(Duration.ofMillis(slowestMillis.get())).as("no unit of work hangs").isLessThan(FAILS_WITHIN);

        Set<String> stored = new HashSet<>();
        try (Connection newPrimary = pair.connectToStandby(); Statement statement = newPrimary.createStatement();
                ResultSet names = statement.executeQuery("SELECT username FROM users")) {
            while (names.next()) {
                stored.add(names.getString(1));
            }
        }
        assertThat(stored).as("every write reported committed is on the new primary").containsAll(committed);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
