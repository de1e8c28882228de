package io.authstore.storage.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.DatabaseException;
import io.authstore.storage.RepositoryFactory;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** The unit of work: what commits, what rolls back, and that the connection always goes back to the pool. */
@ExtendWith(StorageExtension.class)
class RepositorySessionTest {

    private static final Duration TIMEOUT = TestStorage.TIMEOUT;

    private static long users(TestStorage storage) {
        return storage.<Long>read(session -> session.user().count(UserFilter.all()));
    }

    private static void awaitNoConnectionInUse(JooqRepositoryFactory factory) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (factory.poolStatus().acquired() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(factory.poolStatus().acquired()).as("connections in use").isZero();
    }

    @Test
    void saveCommitsAndReturnsTheConnection(TestStorage storage) throws InterruptedException {
        RepositorySession session = storage.factory().open().block(TIMEOUT);
        session.user().add(storage.clock(), storage.random(), "alice").block(TIMEOUT);
        assertThat(users(storage)).as("not visible before save").isZero();

        session.save().block(TIMEOUT);

        assertThat(users(storage)).isEqualTo(1);
        awaitNoConnectionInUse(storage.factory());
    }

    @Test
    void cancelRollsBack(TestStorage storage) throws InterruptedException {
        RepositorySession session = storage.factory().open().block(TIMEOUT);
        session.user().add(storage.clock(), storage.random(), "alice").block(TIMEOUT);
        session.cancel().block(TIMEOUT);

        assertThat(users(storage)).isZero();
        awaitNoConnectionInUse(storage.factory());
        session.cancel().block(TIMEOUT); // a second cancel does nothing
    }

    @Test
    void anEndedSessionRefusesFurtherWorkWithAClearMessage(TestStorage storage) {
        RepositorySession session = storage.factory().open().block(TIMEOUT);
        session.save().block(TIMEOUT);

        assertThatThrownBy(() -> session.user().count(UserFilter.all()).block(TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("db.user.count")
                .hasMessageContaining("has ended (saved)");
        assertThatThrownBy(() -> session.save().block(TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already ended");
    }

    @Test
    void aFailingTransactionLeavesNothingWritten(TestStorage storage) throws InterruptedException {
        assertThatThrownBy(() -> storage.saved(session -> session.user()
                        .add(storage.clock(), storage.random(), "alice")
                        .then(session.user().add(storage.clock(), storage.random(), "bob"))
                        .then(Mono.error(new IllegalStateException("the caller changed its mind")))))
                .hasMessage("the caller changed its mind");

        assertThat(users(storage)).isZero();
        awaitNoConnectionInUse(storage.factory());
    }

    @Test
    void aDatabaseErrorRollsBackTheSessionAtOnceAndSaysWhatFailed(TestStorage storage) throws InterruptedException {
        RepositorySession session = storage.factory().open().block(TIMEOUT);
        session.user().add(storage.clock(), storage.random(), "alice").block(TIMEOUT);
        User nobody = new User(Ulid.minAt(Instant.EPOCH), "nobody", Instant.EPOCH, Optional.empty(),
                Optional.empty(), false, false);

        assertThatThrownBy(() -> session.browserSession()
                        .add(storage.clock(), storage.random(), nobody, Optional.empty()).block(TIMEOUT))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("db.browser_session.add failed (SQLSTATE 23503)")
                .hasMessageContaining("user_sessions_user_id_fkey")
                .satisfies(error -> assertThat(((DatabaseException) error).sqlState()).contains("23503"));

        awaitNoConnectionInUse(storage.factory());
        assertThatThrownBy(() -> session.user().count(UserFilter.all()).block(TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rolled back because db.browser_session.add failed");
        assertThat(users(storage)).as("alice went with the rollback").isZero();
    }

    @Test
    void aCancelledTransactionRollsBackAndReturnsTheConnection(TestStorage storage) throws Exception {
        CountDownLatch written = new CountDownLatch(1);
        Disposable running = storage.factory()
                .transaction(session -> session.user()
                        .add(storage.clock(), storage.random(), "alice")
                        .doOnSuccess(user -> written.countDown())
                        .then(Mono.never()))
                .subscribe();
        assertThat(written.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        running.dispose();

        awaitNoConnectionInUse(storage.factory());
        assertThat(users(storage)).isZero();
    }

    @Test
    void aForgottenSessionIsRolledBackAfterTheIdleTimeout(TestStorage storage) throws InterruptedException {
        JooqRepositoryFactory factory = storage.factory(settings -> settings
                .sessionIdleTimeout(Duration.ofSeconds(2)));
        RepositorySession forgotten = factory.open().block(TIMEOUT);
        forgotten.user().add(storage.clock(), storage.random(), "alice").block(TIMEOUT);
        assertThat(factory.poolStatus().acquired()).isEqualTo(1);

        awaitNoConnectionInUse(factory);

        assertThat(users(storage)).isZero();
        assertThatThrownBy(() -> forgotten.save().block(TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a statement, save() or cancel()");
    }

    @Test
    void closingTheFactoryRollsBackOpenSessionsAndClosesEveryConnection(TestStorage storage) {
        RepositoryFactory factory = storage.factory(settings -> settings.applicationName("closing"));
        RepositorySession open = factory.open().block(TIMEOUT);
        open.user().add(storage.clock(), storage.random(), "alice").block(TIMEOUT);
        factory.transaction(session -> session.user().count(UserFilter.all())).block(TIMEOUT);

        factory.close();

        assertThat(users(storage)).isZero();
        assertThat(connectionsFrom(storage, "closing")).isZero();
        assertThatThrownBy(() -> factory.open().block(TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        factory.close(); // twice is fine
    }

    private static int connectionsFrom(TestStorage storage, String applicationName) {
        var activity = DSL.table(DSL.name("pg_catalog", "pg_stat_activity"));
        return storage.sql().fetchCount(activity,
                DSL.field(DSL.name("datname"), SQLDataType.VARCHAR).eq(storage.database())
                        .and(DSL.field(DSL.name("application_name"), SQLDataType.VARCHAR).eq(applicationName)));
    }

    @Test
    void anExhaustedPoolFailsAfterTheAcquireTimeoutNamingThePool(TestStorage storage) {
        JooqRepositoryFactory factory = storage.factory(settings -> settings
                .maxSize(1)
                .acquireTimeout(Duration.ofMillis(300))
                .applicationName("exhausted"));
        RepositorySession holder = factory.open().block(TIMEOUT);

        long start = System.nanoTime();
        assertThatThrownBy(() -> factory.open().block(TIMEOUT))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("no connection from pool 'exhausted' (max size 1, 1 in use")
                .hasMessageContaining("within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

        holder.cancel().block(TIMEOUT);
        assertThat(factory.transaction(session -> session.user().count(UserFilter.all())).block(TIMEOUT))
                .as("usable again once the holder is done").isZero();
    }

    @Test
    void theDefaultSslModePreferFallsBackToAPlainConnectionWhereTheServerHasNoTls(TestStorage storage) {
        JooqRepositoryFactory factory = storage.factory(settings -> settings.sslMode("prefer"));

        assertThat(factory.transaction(session -> session.user().count(UserFilter.all())).block(TIMEOUT)).isZero();
    }

    @Test
    void anUnreachableServerFailsFastWithTheUrlButNotThePassword(TestStorage storage) {
        JooqRepositoryFactory factory = storage.factory(settings -> settings
                .port(1)
                .password("s3cret-pw")
                .connectTimeout(Duration.ofSeconds(2)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> factory.open().block(TIMEOUT))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("could not connect to postgresql://postgres:***@localhost:1/")
                .hasMessageNotContaining("s3cret-pw");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
