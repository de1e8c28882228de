package io.authstore.tools.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Takes over a database that MAS migrated (sqlx's {@code _sqlx_migrations}) without running authstore's migrations on
 * it blindly: compares its schema with the one each authstore version produces and, when one matches, records that
 * version as Flyway's baseline, so that {@code migrate} continues from there. Changes nothing else, and nothing at all
 * when it refuses.
 *
 * <p>Authstore's schemas are built for the comparison inside the same database, in a schema of their own within a
 * transaction that is rolled back: no second database, no rights beyond what {@code migrate} needs.
 */
public final class Adoption {

    /**
     * The newest MAS migration whose schema authstore's newest version reproduces (MAS's
     * {@code crates/storage-pg/migrations}, 167 migrations): a MAS database at a later one has changes authstore does
     * not know; one at an earlier one lacks some it expects.
     */
    public static final long MAS_VERSION = 20260720134722L;

    /** The authstore version whose schema is the one MAS's migrations produce up to {@link #MAS_VERSION}. */
    public static final String MAS_SCHEMA_VERSION = "19";

    /**
     * MAS's bodies of the two trigger functions that authstore writes in its own words under MAS's names (V8, V9),
     * as {@link SchemaFingerprint} reads them from MAS's migrations up to {@link #MAS_VERSION}: the same triggers,
     * doing the same for authstore's repositories (the queue's notification on the same channel with the same
     * payload; an upstream session's browser session, which the repository sets as well). A database holding either
     * body matches.
     */
    static final Map<String, String> MAS_FUNCTION_BODIES = Map.of(
            "function queue_job_notify()", "body bdf2c125d99cf589",
            "function upstream_oauth_authorization_sessions_insert_trigger()", "body ba20e16b6d44704d");

    private static final String REFERENCE_SCHEMA = "authstore_adopt_reference";

    /** What {@link #adopt()} found, and did. */
    public sealed interface Outcome {
        /** Flyway's baseline now records {@code version}. */
        record Adopted(String version, long masVersion) implements Outcome {}

        /** Nothing to adopt: no table at all. */
        record Empty() implements Outcome {}

        /** Flyway's history is there already. */
        record AlreadyAuthstore(String version) implements Outcome {}

        /** sqlx recorded a MAS migration later than {@link #MAS_VERSION}. */
        record MasNewer(long masVersion, List<String> differences) implements Outcome {}

        /** sqlx's newest MAS migration is earlier than {@link #MAS_VERSION} and no authstore version matches. */
        record MasOlder(long masVersion, List<String> differences) implements Outcome {}

        /** No authstore version matches; the differences to the closest one. */
        record Differs(String closestVersion, boolean masHistory, List<String> differences) implements Outcome {}
    }

    private final DatabaseUrl url;
    private final List<String> migrationScripts;

    private Adoption(DatabaseUrl url, List<String> migrationScripts) {
        this.url = url;
        this.migrationScripts = List.copyOf(migrationScripts);
    }

    /** Adoption with the migrations on the classpath ({@code db/migration}, in the schema jar). */
    public static Adoption fromClasspath(DatabaseUrl url) {
        List<String> scripts = new ArrayList<>();
        for (MigrationStatus.Entry entry : Migrations.fromClasspath(url).resolved()) {
            scripts.add(entry.script());
        }
        return new Adoption(url, scripts);
    }

    public Outcome adopt() {
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), NetworkBounds.shortStatementProperties(url))) {
            if (exists(connection, "flyway_schema_history")) {
                return new Outcome.AlreadyAuthstore(single(connection,
                        "SELECT max(version) FROM flyway_schema_history WHERE success AND version IS NOT NULL"));
            }
            boolean masHistory = exists(connection, "_sqlx_migrations");
            SchemaFingerprint live = SchemaFingerprint.read(connection, "public");
            if (live.isEmpty() && !masHistory) {
                return new Outcome.Empty();
            }
            long masVersion = masHistory ? Long.parseLong(Objects.requireNonNullElse(single(connection,
                    "SELECT max(version) FROM _sqlx_migrations WHERE success"), "0")) : 0;
            Map<String, SchemaFingerprint> versions = referenceSchemas(connection);
            if (masVersion > MAS_VERSION) {
                SchemaFingerprint newest = versions.values().stream().reduce((a, b) -> b).orElseThrow();
                return new Outcome.MasNewer(masVersion, newest.differencesTo(
                        live.accepting(MAS_FUNCTION_BODIES, newest)));
            }
            String closest = null;
            List<String> fewest = null;
            for (Map.Entry<String, SchemaFingerprint> version : versions.entrySet()) {
                List<String> differences = version.getValue().differencesTo(
                        live.accepting(MAS_FUNCTION_BODIES, version.getValue()));
                if (differences.isEmpty()) {
                    closest = version.getKey();
                    fewest = differences;
                    // a later version may match too (a migration that only changes data): take the latest
                } else if (fewest == null || !fewest.isEmpty() && differences.size() <= fewest.size()) {
                    closest = version.getKey();
                    fewest = differences;
                }
            }
            if (fewest != null && fewest.isEmpty()) {
                Migrations.fromClasspath(url).baseline(closest, "adopted: schema matched authstore version "
                        + closest + (masHistory ? " (MAS migration " + masVersion + ")" : ""));
                return new Outcome.Adopted(closest, masVersion);
            }
            if (masHistory && masVersion < MAS_VERSION) {
                return new Outcome.MasOlder(masVersion, fewest);
            }
            return new Outcome.Differs(closest, masHistory, fewest);
        } catch (SQLException e) {
            throw new MigrationException(MigrationException.Reason.UNREACHABLE,
                    "cannot inspect " + url.redacted() + ": " + firstLine(e.getMessage()), e);
        }
    }

    /** Authstore's schema after each version, built in a schema of its own and rolled back. */
    private Map<String, SchemaFingerprint> referenceSchemas(Connection connection) throws SQLException {
        Map<String, SchemaFingerprint> versions = new LinkedHashMap<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + REFERENCE_SCHEMA);
            statement.execute("SET LOCAL search_path TO " + REFERENCE_SCHEMA + ", public");
            for (String script : migrationScripts) {
                // the same index either way; CONCURRENTLY cannot run in the transaction this is rolled back in
                statement.execute(read(script).replaceAll("(?i)\\bCONCURRENTLY\\b", ""));
                versions.put(script.replaceAll("^V([^_]+)__.*$", "$1"),
                        SchemaFingerprint.read(connection, REFERENCE_SCHEMA));
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
        return versions;
    }

    private static String read(String script) {
        String resource = "db/migration/" + script;
        try (InputStream in = Adoption.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration " + resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        return single(connection, "SELECT to_regclass('public." + table + "')") != null;
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unknown error" : message.strip().lines().findFirst().orElse(message);
    }
}
