package io.authstore.storage.jooq.testing;

import io.authstore.tools.database.DatabaseUrl;
import io.authstore.tools.database.Migrations;
import io.authstore.tools.embedded.EphemeralPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Databases for tests on the embedded PostgreSQL: a template migrated once per JVM, and a copy of it for each test
 * ({@code CREATE DATABASE … TEMPLATE}), created over one held admin connection.
 */
public final class FreshDatabases {

    static final String TEMPLATE = "authstore_template";

    private static FreshDatabases instance;

    private final EphemeralPostgres server;
    private final Connection admin;
    private final AtomicInteger counter = new AtomicInteger();
    private final List<Long> handoutNanos = new ArrayList<>();

    private FreshDatabases(EphemeralPostgres server, Connection admin) {
        this.server = server;
        this.admin = admin;
    }

    /** The one instance of this JVM; the first call starts the server and migrates the template. */
    public static synchronized FreshDatabases get() {
        if (instance == null) {
            EphemeralPostgres server = EphemeralPostgres.shared();
            server.createDatabase(TEMPLATE, null);
            Migrations.fromClasspath(DatabaseUrl.parse(server.uri(TEMPLATE))).migrate();
            try {
                instance = new FreshDatabases(server, server.connect(EphemeralPostgres.DEFAULT_DATABASE));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot connect to the embedded PostgreSQL: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    public EphemeralPostgres server() {
        return server;
    }

    /** A new database holding the migrated schema and no rows; returns its name. */
    public synchronized String create() {
        long start = System.nanoTime();
        String name = "test_" + counter.incrementAndGet();
        // FILE_COPY copies the template's files: faster than WAL_LOG's block-by-block copy for a small template.
        execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE + " STRATEGY FILE_COPY");
        handoutNanos.add(System.nanoTime() - start);
        return name;
    }

    public synchronized void drop(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** How long each {@link #create()} took, in nanoseconds, in order. */
    public synchronized List<Long> handoutNanos() {
        return List.copyOf(handoutNanos);
    }

    private void execute(String sql) {
        try (Statement statement = admin.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }
}
