package io.authstore.tools.harness;

import io.authstore.storage.jooq.StorageSettings;
import io.authstore.tools.database.DatabaseUrl;
import io.authstore.tools.database.EmptyDatabase;
import io.authstore.tools.database.Migrations;
import io.authstore.tools.embedded.EphemeralPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * The database a load program runs on, migrated and empty: the embedded PostgreSQL by default, or the database that
 * {@code DATABASE_URL} names, which must be empty (a load program never touches existing data) and is emptied again
 * on {@link #close()}.
 */
public final class TargetDatabase implements AutoCloseable {

    private static final String DATABASE = "authstore_load";

    private final String url;
    private final DatabaseUrl parsed;
    private final AutoCloseable owner;
    private final boolean embedded;

    private TargetDatabase(String url, AutoCloseable owner, boolean embedded) {
        this.url = url;
        this.parsed = DatabaseUrl.parse(url);
        this.owner = owner;
        this.embedded = embedded;
    }

    /**
     * Takes the database {@code DATABASE_URL} names, or starts an embedded server when it is unset, and applies the
     * migrations.
     *
     * @param user who runs on it, for error messages, e.g. "the benchmark"
     * @param embeddedServerConfig {@code postgres -c} settings for the embedded server (e.g. max_connections)
     */
    public static TargetDatabase open(String user, Map<String, String> embeddedServerConfig) {
        String external = System.getenv(DatabaseUrl.ENVIRONMENT_VARIABLE);
        TargetDatabase target;
        if (external != null && !external.isBlank()) {
            String url = external.strip();
            EmptyDatabase lent = EmptyDatabase.lend(DatabaseUrl.parse(url), DatabaseUrl.ENVIRONMENT_VARIABLE, user);
            target = new TargetDatabase(url, lent, false);
        } else {
            EphemeralPostgres server = EphemeralPostgres.start(embeddedServerConfig);
            try {
                server.createDatabase(DATABASE, null);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            target = new TargetDatabase(server.uri(DATABASE), server, true);
        }
        try {
            Migrations.fromClasspath(target.parsed).migrate();
            return target;
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /** The URL with its password, for the storage layer and other clients; never print it ({@link #redacted}). */
    public String url() {
        return url;
    }

    public DatabaseUrl parsedUrl() {
        return parsed;
    }

    public String redacted() {
        return parsed.redacted();
    }

    public boolean embedded() {
        return embedded;
    }

    /** Storage settings for this database, to adjust (pool size, timeouts) before building. */
    public StorageSettings.Builder storageSettings() {
        return StorageSettings.builder().url(url);
    }

    /** A JDBC connection, for seeding and checks. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(parsed.jdbcUrl(), parsed.jdbcProperties());
    }

    /** Stops the embedded server, or empties and lets go of the lent database. */
    @Override
    public void close() {
        try {
            owner.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not clean up " + redacted() + ": " + e.getMessage(), e);
        }
    }
}
