package io.authstore.storage.jooq;

import static io.authstore.snapshot.Tables.USER_REGISTRATIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.ConflictException;
import io.authstore.storage.DatabaseException;
import io.authstore.storage.FrozenClock;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.RepositoryFactory;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.Password;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    void theTransactionBeginsWithTheFirstWriteAndLaterReadsSeeIt(TestStorage storage) throws InterruptedException {
        String application = storage.settings().applicationName();
        var state = DSL.field(DSL.name("state"), SQLDataType.VARCHAR);
        var backends = DSL.table(DSL.name("pg_stat_activity"));
        var ours = DSL.field(DSL.name("application_name"), SQLDataType.VARCHAR).eq(application)
                .and(DSL.field(DSL.name("datname"), SQLDataType.VARCHAR).eq(storage.database()));
        RepositorySession session = storage.factory().open().block(TIMEOUT);

        assertThat(session.user().count(UserFilter.all()).block(TIMEOUT)).isZero();
        assertThat(storage.sql().select(state).from(backends).where(ours).fetch(state))
                .as("after a read, no transaction is open").containsExactly("idle");

        User alice = session.user().add(storage.clock(), storage.random(), "alice").block(TIMEOUT);
        assertThat(storage.sql().select(state).from(backends).where(ours).fetch(state))
                .as("the first write began it").containsExactly("idle in transaction");
        assertThat(session.user().lookup(alice.id()).blockOptional(TIMEOUT)).as("a read sees the session's write")
                .contains(alice);
        assertThat(users(storage)).as("nobody else does").isZero();

        session.save().block(TIMEOUT);
        assertThat(users(storage)).isEqualTo(1);
        awaitNoConnectionInUse(storage.factory());
    }

    @Test
    void aSessionThatOnlyReadSavesAndCancelsWithoutATransaction(TestStorage storage) throws InterruptedException {
        storage.saved(session -> session.user().add(storage.clock(), storage.random(), "alice"));
        for (boolean save : List.of(true, false)) {
            RepositorySession session = storage.factory().open().block(TIMEOUT);
            assertThat(session.user().findByUsername("ALICE").blockOptional(TIMEOUT)).isPresent();
            (save ? session.save() : session.cancel()).block(TIMEOUT);
            assertThatThrownBy(() -> session.user().count(UserFilter.all()).block(TIMEOUT))
                    .hasMessageContaining("this repository session has ended");
        }
        awaitNoConnectionInUse(storage.factory());
        assertThat(users(storage)).isEqualTo(1);
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
    void errorsTheDatabaseDidNotRaiseLeaveTheSessionAndItsEarlierWritesIntact(TestStorage storage) {
        User taken = storage.saved(session -> session.user().add(storage.clock(), storage.random(), "taken"));
        User deactivated = storage.saved(session -> session.user().deactivate(storage.clock(), taken));
        BrowserSession finished = storage.saved(session -> session.browserSession()
                .add(storage.clock(), storage.random(), deactivated, Optional.empty())
                .flatMap(browser -> session.browserSession().finish(storage.clock(), browser)));
        Password password = storage.saved(session -> session.userPassword()
                .add(storage.clock(), storage.random(), deactivated, 1, "hash", Optional.empty()));
        Ulid inconsistent = Ulid.minAt(TestStorage.START);
        storage.sql().insertInto(USER_REGISTRATIONS) // a password hash without its version: no mapper accepts it
                .set(USER_REGISTRATIONS.USER_REGISTRATION_ID, inconsistent.toUuid())
                .set(USER_REGISTRATIONS.USERNAME, "half")
                .set(USER_REGISTRATIONS.HASHED_PASSWORD, "hash")
                .set(USER_REGISTRATIONS.CREATED_AT, Convert.timestamp(TestStorage.START))
                .execute();

        RepositorySession session = storage.factory().open().block(TIMEOUT);
        session.user().add(storage.clock(), storage.random(), "first").block(TIMEOUT);
        assertThatThrownBy(() -> session.user().add(storage.clock(), storage.random(), "taken").block(TIMEOUT))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> session.user().deactivate(storage.clock(), taken).block(TIMEOUT))
                .as("a stale copy").isInstanceOf(NotAffectedException.class);
        assertThatThrownBy(() -> session.browserSession()
                        .authenticateWithPassword(storage.clock(), storage.random(), finished, password).block(TIMEOUT))
                .isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> session.userRegistration().lookup(inconsistent).block(TIMEOUT))
                .isInstanceOf(InconsistencyException.class)
                .hasMessageContaining("user_registrations");
        assertThat(session.user().findByUsername("first").blockOptional(TIMEOUT)).as("first row read").isPresent();
        session.user().add(storage.clock(), storage.random(), "second").block(TIMEOUT);
        session.save().block(TIMEOUT);

        assertThat(storage.<List<String>>read(s -> s.user().list(UserFilter.all(), Pagination.first(10))
                        .map(page -> page.items().stream().map(User::username).toList())))
                .containsExactlyInAnyOrder("taken", "first", "second");
    }

    @Test
    void takingPartOfAResultChangesNothingButCancellingARunningStatementRollsBack(TestStorage storage)
            throws InterruptedException {
        User alice = storage.saved(session -> session.user().add(storage.clock(), storage.random(), "alice"));
        storage.saved(session -> session.userEmail().add(storage.clock(), storage.random(), alice, "a@example.org"));
        storage.clock().advance(Duration.ofSeconds(1));
        storage.saved(session -> session.userEmail().add(storage.clock(), storage.random(), alice, "b@example.org"));

        RepositorySession reader = storage.factory().open().block(TIMEOUT);
        reader.user().add(storage.clock(), storage.random(), "bob").block(TIMEOUT);
        assertThat(reader.userEmail().all(alice).next().block(TIMEOUT).email()).isEqualTo("a@example.org");
        reader.save().block(TIMEOUT);
        assertThat(users(storage)).as("take(1) after the statement completed: still saved").isEqualTo(2);

        RepositorySession holder = storage.factory().open().block(TIMEOUT);
        holder.user().acquireLockForSync(alice).block(TIMEOUT);
        RepositorySession waiter = storage.factory().open().block(TIMEOUT);
        waiter.user().add(storage.clock(), storage.random(), "carol").block(TIMEOUT);
        Disposable waiting = waiter.user().acquireLockForSync(alice).subscribe();
        Thread.sleep(200);
        waiting.dispose(); // the statement is still waiting for the lock
        holder.cancel().block(TIMEOUT);

        awaitNoConnectionInUse(storage.factory());
        assertThatThrownBy(() -> waiter.save().block(TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("db.user.acquire_lock_for_sync was cancelled before it completed");
        assertThat(users(storage)).as("carol was rolled back").isEqualTo(2);
    }

    @Test
    void aPrimaryKeyCollisionIsADatabaseErrorNamingTheKeyButNotTheValue(TestStorage storage) {
        FrozenClock clock = new FrozenClock(TestStorage.START);
        storage.saved(session -> session.user().add(clock, RandomSource.seeded(7), "first"));

        assertThatThrownBy(() -> storage.saved(session -> session.user().add(clock, RandomSource.seeded(7), "second")))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("users_pkey")
                .hasMessageNotContaining(Ulid.generate(clock, RandomSource.seeded(7)).toUuid().toString());
        assertThat(users(storage)).isEqualTo(1);
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
