package io.authstore.storage.jooq.testing;

import io.authstore.tools.database.DatabaseUrl;
import io.authstore.tools.database.Migrations;
import io.authstore.tools.embedded.EphemeralPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Databases for tests on the embedded PostgreSQL: a template migrated once per JVM, and a copy of it for each test
 * ({@code CREATE DATABASE … TEMPLATE}).
 *
 * <p>A copy takes 150–250 ms on this project's build machine (PostgreSQL writes the template's 8 MB again), so
 * {@value #WORKERS} background threads, each with a connection of its own, keep {@value #READY} copies made ahead of
 * demand and drop used ones: a test takes a database that already exists, and the copying overlaps with the tests
 * instead of adding to them. Test classes run concurrently, so one copier alone would fall behind them.
 */
public final class FreshDatabases {

    static final String TEMPLATE = "authstore_template";
    private static final int READY = 4;
    private static final int WORKERS = 2;

    private static FreshDatabases instance;

    private final EphemeralPostgres server;
    private final ExecutorService worker = Executors.newFixedThreadPool(WORKERS, runnable -> {
        Thread thread = new Thread(runnable, "fresh-databases");
        thread.setDaemon(true);
        return thread;
    });
    /** Each worker's own connection to the server's default database (one connection runs one statement at a time). */
    private final ThreadLocal<Connection> admin;
    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(READY);
    private final AtomicInteger counter = new AtomicInteger();
    private final List<Long> handoutNanos = new ArrayList<>();

    private FreshDatabases(EphemeralPostgres server) {
        this.server = server;
        this.admin = ThreadLocal.withInitial(() -> {
            try {
                return server.connect(EphemeralPostgres.DEFAULT_DATABASE);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot connect to the embedded PostgreSQL: " + e.getMessage(), e);
            }
        });
        for (int i = 0; i < READY; i++) {
            worker.execute(this::prepareOne);
        }
    }

    /** The one instance of this JVM; the first call starts the server and migrates the template. */
    public static synchronized FreshDatabases get() {
        if (instance == null) {
            EphemeralPostgres server = EphemeralPostgres.shared();
            server.createDatabase(TEMPLATE, null);
            Migrations.fromClasspath(DatabaseUrl.parse(server.uri(TEMPLATE))).migrate();
            instance = new FreshDatabases(server);
        }
        return instance;
    }

    public EphemeralPostgres server() {
        return server;
    }

    /** A database holding the migrated schema and no rows, for one test; returns its name. */
    public String take() {
        try {
            Object next = ready.poll(60, TimeUnit.SECONDS);
            if (next == null) {
                throw new IllegalStateException("no fresh database within 60 s");
            }
            if (next instanceof RuntimeException failure) {
                throw new IllegalStateException("could not copy the template database: " + failure.getMessage(),
                        failure);
            }
            worker.execute(this::prepareOne);
            return (String) next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a fresh database", e);
        }
    }

    /** Drops a test's database in the background. */
    public void drop(String name) {
        worker.execute(() -> execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }

    private void prepareOne() {
        String name = "test_" + counter.incrementAndGet();
        try {
            execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
            ready.add(name);
        } catch (RuntimeException e) {
            ready.add(e);
        }
    }

    /**
     * Records how long handing a test its database took, and keeps a summary in
     * {@code target/fresh-databases.txt} (measured, not asserted: read it after {@code make test}; a test JVM that
     * should not overwrite it names another file in {@code authstore.freshDatabasesReport}).
     */
    synchronized void recordHandout(long nanos) {
        handoutNanos.add(nanos);
        long[] sorted = handoutNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        String summary = String.format(Locale.ROOT,
                "fresh databases handed out: %d, median %.2f ms, p90 %.2f ms, max %.2f ms"
                        + " (a copy of the template made ahead, then the factory)%n",
                sorted.length, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.9)] / 1e6,
                sorted[sorted.length - 1] / 1e6);
        try {
            Files.writeString(Path.of(System.getProperty("authstore.freshDatabasesReport", "target/fresh-databases.txt")),
                    summary);
        } catch (IOException e) {
            // only a report
        }
    }

    private void execute(String sql) {
        try (Statement statement = admin.get().createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }
}
