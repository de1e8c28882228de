package io.authstore.storage.jooq.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.FrozenClock;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.ActivityRecord;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.BrowserSessionFilter;
import io.authstore.storage.users.User;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import reactor.core.publisher.Mono;

/**
 * Batch statements that lock several rows take the locks in key order, so two sessions over the same rows wait for
 * each other instead of deadlocking. To make the opposite order certain rather than likely, the rows are stored in
 * the reverse of their key order (a scan meets them last key first), and a separate connection holds the lock of
 * the middle row until both statements hold one end and wait for it.
 */
@Isolated
@ExtendWith(StorageExtension.class)
class LockOrderTest {

    private static final String APPLICATION = "lock-order";
    /** PostgreSQL's deadlock_timeout is 1 s: a deadlock would be reported well within this. */
    private static final Duration BOTH_DONE_WITHIN = Duration.ofSeconds(15);

    @Test
    void finishBulkAndRecordBatchActivityOverTheSameSessionsDoNotDeadlock(TestStorage storage) throws Exception {
        User alice = storage.saved(session -> session.user().add(storage.clock(), storage.random(), "alice"));
        List<BrowserSession> newestFirst = List.of(3, 2, 1).stream()
                .map(second -> storage.<BrowserSession>saved(session -> session.browserSession().add(
                        new FrozenClock(TestStorage.START.plusSeconds(second)), storage.random(), alice,
                        Optional.empty())))
                .toList();
        List<ActivityRecord> activity = newestFirst.stream()
                .map(session -> new ActivityRecord(session.id(), TestStorage.START.plusSeconds(60), Optional.empty()))
                .toList();

        runBothWithTheMiddleRowLocked(storage, "user_sessions", "user_session_id", newestFirst.get(1).id().toUuid(),
                session -> session.browserSession().recordBatchActivity(activity),
                session -> session.browserSession().finishBulk(storage.clock(), BrowserSessionFilter.all().user(alice)));

        assertThat(storage.<Long>read(session -> session.browserSession()
                .count(BrowserSessionFilter.all().user(alice).finished()))).isEqualTo(3);
        assertThat(newestFirst).allSatisfy(created -> assertThat(storage.<BrowserSession>read(session ->
                session.browserSession().lookup(created.id())).lastActiveAt()).isPresent());
    }

    /**
     * Starts both units of work in sessions of their own, waits until both statements wait for the middle row,
     * releases it, and requires both to be saved.
     */
    private static void runBothWithTheMiddleRowLocked(TestStorage storage, String table, String keyColumn,
            Object middleKey, Function<RepositorySession, Mono<?>> first, Function<RepositorySession, Mono<?>> second)
            throws Exception {
        JooqRepositoryFactory factory = storage.factory(settings -> settings.applicationName(APPLICATION));
        CompletableFuture<?> firstDone;
        CompletableFuture<?> secondDone;
        try (ServerSide.RowLock middle = new ServerSide.RowLock(storage, table, keyColumn, middleKey)) {
            firstDone = factory.transaction(session -> first.apply(session).then()).toFuture();
            secondDone = factory.transaction(session -> second.apply(session).then()).toFuture();
            ServerSide.awaitTrue(() -> waitingOnLocks(storage) == 2, "both statements wait for the middle row");
        }
        CompletableFuture.allOf(firstDone, secondDone).get(BOTH_DONE_WITHIN.toSeconds(), TimeUnit.SECONDS);
    }

    private static int waitingOnLocks(TestStorage storage) {
        return storage.sql().fetchCount(storage.sql().selectOne().from("pg_stat_activity")
                .where("datname = ? and application_name = ? and wait_event_type = 'Lock'",
                        storage.database(), APPLICATION));
    }
}
