package io.authstore.storage.jooq.testing;

import io.authstore.storage.FrozenClock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.jooq.JooqRepositoryFactory;
import io.authstore.storage.jooq.StorageSettings;
import io.authstore.tools.embedded.EphemeralPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import reactor.core.publisher.Mono;

/**
 * What {@link StorageExtension} hands a test: a database of its own, a factory over it, a frozen clock and a seeded
 * random source (so ids and timestamps are the same on every run).
 */
public final class TestStorage implements AutoCloseable {

    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    public static final long SEED = 42;
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String database;
    private final StorageSettings settings;
    private final JooqRepositoryFactory factory;
    private final FrozenClock clock = new FrozenClock(START);
    private final RandomSource random = RandomSource.seeded(SEED);
    private final List<JooqRepositoryFactory> extraFactories = new ArrayList<>();
    private Connection jdbc;

    TestStorage(String database, StorageSettings settings) {
        this.database = database;
        this.settings = settings;
        this.factory = JooqRepositoryFactory.create(settings);
    }

    static StorageSettings settingsFor(EphemeralPostgres server, String database) {
        return StorageSettings.fromUrl(server.uri(database) + "?sslmode=disable").toBuilder()
                .maxSize(4)
                .build();
    }

    /**
     * A storage over a fresh database for a test class that shares one among all its tests, where
     * {@link StorageExtension} would take one per test (the property tests' hundreds of cases); end it with
     * {@link #closeAndDrop()}.
     */
    public static TestStorage fresh() {
        FreshDatabases databases = FreshDatabases.get();
        String database = databases.take();
        return new TestStorage(database, settingsFor(databases.server(), database));
    }

    /** A storage over {@code database}, one the caller made on the tests' server and drops itself. */
    public static TestStorage on(String database) {
        return new TestStorage(database, settingsFor(EphemeralPostgres.shared(), database));
    }

    /** Closes the factories and drops the database (in the background). */
    public void closeAndDrop() {
        try {
            close();
        } finally {
            FreshDatabases.get().drop(database);
        }
    }

    public String database() {
        return database;
    }

    public StorageSettings settings() {
        return settings;
    }

    public JooqRepositoryFactory factory() {
        return factory;
    }

    public FrozenClock clock() {
        return clock;
    }

    public RandomSource random() {
        return random;
    }

    /**
     * Plain JDBC access to the test's database through jOOQ, autocommitting, outside any repository session: for
     * fixtures of tables whose repositories do not exist yet, and for checking rows behind the repositories' back.
     */
    public synchronized DSLContext sql() {
        try {
            if (jdbc == null) {
                jdbc = FreshDatabases.get().server().connect(database);
            }
            // As in JooqRepositoryFactory: jOOQ's execute logging would write the fixtures' values (hashes, tokens)
            // into the test log, which SecretsInLogsTest requires free of secrets.
            return DSL.using(jdbc, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + database + ": " + e.getMessage(), e);
        }
    }

    /** Another factory on the same database with changed settings; closed with the test. */
    public JooqRepositoryFactory factory(UnaryOperator<StorageSettings.Builder> change) {
        JooqRepositoryFactory extra = JooqRepositoryFactory.create(change.apply(settings.toBuilder()).build());
        extraFactories.add(extra);
        return extra;
    }

    /** Waits for {@code operation}, as the MAS test ports do for each step of their one session. */
    public static <T> T await(Mono<T> operation) {
        return operation.block(TIMEOUT);
    }

    /** A session of this test's factory, to drive step by step and end with {@code save()} or {@code cancel()}. */
    public RepositorySession open() {
        return await(factory.open());
    }

    /** Runs {@code work} in a session that is saved, and waits for it. */
    public <T> T saved(Function<RepositorySession, Mono<T>> work) {
        return factory.transaction(work).block(TIMEOUT);
    }

    /** Runs {@code work} in a session that is then cancelled, and waits for it: for reading. */
    public <T> T read(Function<RepositorySession, Mono<T>> work) {
        return Mono.usingWhen(factory.open(), work, RepositorySession::cancel,
                        (session, error) -> session.cancel(), RepositorySession::cancel)
                .block(TIMEOUT);
    }

    @Override
    public void close() {
        if (jdbc != null) {
            try {
                jdbc.close();
            } catch (SQLException ignored) {
                // the database is dropped next
            }
        }
        extraFactories.forEach(JooqRepositoryFactory::close);
        factory.close();
    }
}
