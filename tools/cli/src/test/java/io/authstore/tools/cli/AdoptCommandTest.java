package io.authstore.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.tools.database.Adoption;
import io.authstore.tools.database.DatabaseUrl;
import io.authstore.tools.database.Migrations;
import io.authstore.tools.database.SchemaFingerprint;
import io.authstore.tools.embedded.EphemeralPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code adopt} on databases built to look like MAS ones: authstore's schema (applied without Flyway) plus sqlx's
 * {@code _sqlx_migrations} with MAS's versions; and on near-misses, an empty database and one that is already
 * authstore's. Each refusal changes nothing.
 */
class AdoptCommandTest {

    record Run(int exitCode, String out, String err) {}

    private static Run run(String database, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> environment = Map.of("DATABASE_URL", url(database));
        String[] arguments = new String[args.length];
        System.arraycopy(args, 0, arguments, 0, args.length);
        int exitCode = AuthstoreCommand.execute(environment, new PrintWriter(out, true), new PrintWriter(err, true),
                arguments);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static String url(String database) {
        return "postgresql://" + EphemeralPostgres.SUPERUSER + "@localhost:" + EphemeralPostgres.shared().port() + "/"
                + database;
    }

    private static final Map<String, String> TEMPLATES = new java.util.HashMap<>();

    /**
     * authstore's schema at {@code version} (the newest when null) as Flyway would leave it, then Flyway's history
     * removed and sqlx's added instead.
     */
    private static synchronized String masTemplate(String version) throws SQLException {
        String key = version == null ? "newest" : version;
        if (!TEMPLATES.containsKey(key)) {
            EphemeralPostgres server = EphemeralPostgres.shared();
            String database = server.createDatabase("adopt_mas_template_" + key, null);
            Migrations migrations = Migrations.fromClasspath(DatabaseUrl.parse(url(database)));
            if (version == null) {
                migrations.migrate();
            } else {
                migrations.migrateTo(version);
            }
            execute(database, "DROP TABLE flyway_schema_history");
            execute(database, """
                    CREATE TABLE _sqlx_migrations (
                        version BIGINT PRIMARY KEY, description TEXT NOT NULL,
                        installed_on TIMESTAMPTZ NOT NULL DEFAULT now(), success BOOLEAN NOT NULL,
                        checksum BYTEA NOT NULL, execution_time BIGINT NOT NULL)""");
            TEMPLATES.put(key, database);
        }
        return TEMPLATES.get(key);
    }

    private static final java.util.concurrent.atomic.AtomicInteger COPIES = new java.util.concurrent.atomic.AtomicInteger();

    /** A copy of the MAS look-alike, with these MAS versions recorded in {@code _sqlx_migrations}. */
    private static String masLookalike(long... masVersions) throws SQLException {
        return masLookalikeAt(null, masVersions);
    }

    /** The same at authstore's {@code version}. */
    private static String masLookalikeAt(String version, long... masVersions) throws SQLException {
        String database = EphemeralPostgres.shared().createDatabase("adopt_mas_" + COPIES.incrementAndGet(),
                masTemplate(version));
        for (long masVersion : masVersions) {
            execute(database, "INSERT INTO _sqlx_migrations VALUES (" + masVersion
                    + ", 'mas', now(), true, '\\x00', 1)");
        }
        return database;
    }

    private static void execute(String database, String sql) throws SQLException {
        try (Connection connection = EphemeralPostgres.shared().connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static SchemaFingerprint fingerprint(String database) throws SQLException {
        try (Connection connection = EphemeralPostgres.shared().connect(database)) {
            return SchemaFingerprint.read(connection, "public");
        }
    }

    private static boolean hasFlywayHistory(String database) throws SQLException {
        try (Connection connection = EphemeralPostgres.shared().connect(database);
                var rows = connection.createStatement().executeQuery(
                        "SELECT to_regclass('public.flyway_schema_history') IS NOT NULL")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    @Test
    void aMatchingMasDatabaseIsBaselinedAndMigrateContinuesFromThere() throws SQLException {
        String database = masLookalike(20220530084123L, Adoption.MAS_VERSION);
        SchemaFingerprint before = fingerprint(database);

        Run adopt = run(database, "adopt");

        assertThat(adopt.exitCode()).as(adopt.err()).isZero();
        assertThat(adopt.out()).contains("adopted: the schema is authstore's version 21 (MAS migration "
                + Adoption.MAS_VERSION + "); recorded as Flyway's baseline, nothing else changed");
        assertThat(fingerprint(database)).isEqualTo(before);
        Run status = run(database, "status");
        assertThat(status.exitCode()).as(status.out()).isZero();
        assertThat(run(database, "migrate").out()).contains("up to date at version 21: nothing to apply");

        Run again = run(database, "adopt");
        assertThat(again.exitCode()).isEqualTo(ExitCode.ADOPT_ALREADY);
        assertThat(again.err()).isEqualTo("error: the database is already authstore's (Flyway's history is there, at"
                + " version 21): nothing to adopt. Use `authstore status` and `authstore migrate`."
                + System.lineSeparator());
    }

    @Test
    void nearMissesAreRefusedWithTheDifferencesAndNothingChanges() throws SQLException {
        String database = masLookalike(Adoption.MAS_VERSION);
        execute(database, "DROP INDEX users_lower_username_idx");
        execute(database, "ALTER TABLE users ADD COLUMN nickname TEXT");
        execute(database, "ALTER TABLE user_passwords ALTER COLUMN version TYPE BIGINT");
        SchemaFingerprint before = fingerprint(database);

        Run adopt = run(database, "adopt");

        assertThat(adopt.exitCode()).isEqualTo(ExitCode.ADOPT_DIFFERS);
        assertThat(adopt.err()).isEqualTo("error: the schema matches no authstore version; nothing was changed."
                + " Differences from authstore's version 21, the closest:\n"
                + "  differs  column user_passwords.version: authstore has integer NOT NULL, this database bigint"
                + " NOT NULL\n"
                + "  extra    column users.nickname: text\n"
                + "  missing  index users.users_lower_username_idx: CREATE INDEX users_lower_username_idx ON users"
                + " USING btree (lower(username))" + System.lineSeparator());
        assertThat(fingerprint(database)).isEqualTo(before);
        assertThat(hasFlywayHistory(database)).isFalse();
    }

    @Test
    void aMasDatabaseAtAnEarlierAuthstoreVersionIsBaselinedThere() throws SQLException {
        String database = masLookalikeAt("7", 20220530084123L);

        Run adopt = run(database, "adopt");

        assertThat(adopt.exitCode()).as(adopt.err()).isZero();
        assertThat(adopt.out()).contains("adopted: the schema is authstore's version 7 (MAS migration 20220530084123)");
        Run migrate = run(database, "migrate");
        assertThat(migrate.out()).contains("applied V8__queue_and_policy.sql").doesNotContain("applied V7");
    }

    @Test
    void anEmptyDatabaseHasNothingToAdopt() {
        String database = EphemeralPostgres.shared().createDatabase();

        Run adopt = run(database, "adopt");

        assertThat(adopt.exitCode()).isEqualTo(ExitCode.ADOPT_EMPTY);
        assertThat(adopt.err()).isEqualTo("error: the database is empty: there is nothing to adopt. Run `authstore"
                + " migrate` to create the schema." + System.lineSeparator());
    }

    @Test
    void aMasDatabaseNewerThanAuthstoreKnowsIsRefused() throws SQLException {
        String database = masLookalike(Adoption.MAS_VERSION, 20270101000000L);

        Run adopt = run(database, "adopt");

        assertThat(adopt.exitCode()).isEqualTo(ExitCode.ADOPT_MAS_NEWER);
        assertThat(adopt.err()).startsWith("error: MAS migrated this database to 20270101000000, later than "
                + Adoption.MAS_VERSION + ", the newest MAS schema authstore knows; nothing was changed.");
        assertThat(hasFlywayHistory(database)).isFalse();
    }

    @Test
    void aMasDatabaseOlderThanAnyAuthstoreVersionIsRefused() throws SQLException {
        String database = masLookalikeAt("7", 20220530084123L);
        execute(database, "ALTER TABLE users DROP COLUMN is_guest");

        Run adopt = run(database, "adopt");

        assertThat(adopt.exitCode()).isEqualTo(ExitCode.ADOPT_MAS_OLDER);
        assertThat(adopt.err()).startsWith("error: MAS migrated this database only to 20220530084123, and no"
                + " authstore version matches it; nothing was changed. Upgrade it with MAS to " + Adoption.MAS_VERSION
                + " first, then adopt.\n  missing  column users.is_guest: boolean NOT NULL DEFAULT false");
        assertThat(hasFlywayHistory(database)).isFalse();
    }
}
