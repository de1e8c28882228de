package io.authstore.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.tools.database.Adoption;
import io.authstore.tools.embedded.EphemeralPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * MAS's own migrations (from a checkout of element-hq/matrix-authentication-service, never copied here) applied to an
 * empty database as sqlx would, then adopted. Runs only when AUTHSTORE_MAS_MIGRATIONS names its
 * {@code crates/storage-pg/migrations} folder.
 *
 * <p>With MAS's 167 migrations up to {@link Adoption#MAS_VERSION}, the database is authstore's version
 * {@link Adoption#MAS_SCHEMA_VERSION} object for object (V9 to V19 took MAS's names for constraints, indexes and
 * trigger functions, its default of {@code upstream_oauth_providers.response_mode}, its indexes and checks), apart
 * from the bodies of its two trigger functions, which authstore writes in its own words and {@code adopt} knows by
 * digest. {@code migrate} then applies only what authstore adds after MAS's schema.
 */
@EnabledIfEnvironmentVariable(named = "AUTHSTORE_MAS_MIGRATIONS", matches = ".+")
class AdoptMasMigrationsTest {

    @Test
    void aDatabaseMigratedByMasItselfIsAdopted() throws IOException, SQLException {
        Path folder = Path.of(System.getenv("AUTHSTORE_MAS_MIGRATIONS"));
        List<Path> migrations;
        try (Stream<Path> files = Files.list(folder)) {
            migrations = files.filter(file -> file.getFileName().toString().matches("\\d+_.*\\.sql")).sorted().toList();
        }
        EphemeralPostgres server = EphemeralPostgres.shared();
        String database = server.createDatabase();
        try (Connection connection = server.connect(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL,"
                    + " installed_on TIMESTAMPTZ NOT NULL DEFAULT now(), success BOOLEAN NOT NULL,"
                    + " checksum BYTEA NOT NULL, execution_time BIGINT NOT NULL)");
            for (Path migration : migrations) {
                statement.execute(Files.readString(migration));
                String name = migration.getFileName().toString();
                try (PreparedStatement record = connection.prepareStatement(
                        "INSERT INTO _sqlx_migrations VALUES (?, ?, now(), true, '\\x00', 1)")) {
                    record.setLong(1, Long.parseLong(name.substring(0, name.indexOf('_'))));
                    record.setString(2, name);
                    record.execute();
                }
            }
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = AuthstoreCommand.execute(Map.of("DATABASE_URL", "postgresql://" + EphemeralPostgres.SUPERUSER
                + "@localhost:" + server.port() + "/" + database), new PrintWriter(out, true),
                new PrintWriter(err, true), "adopt");

        assertThat(migrations).hasSizeGreaterThan(100);
        assertThat(exitCode).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("adopted: the schema is authstore's version " + Adoption.MAS_SCHEMA_VERSION
                + " (MAS migration " + Adoption.MAS_VERSION + ")");

        StringWriter migrated = new StringWriter();
        int migrateExitCode = AuthstoreCommand.execute(Map.of("DATABASE_URL", "postgresql://"
                + EphemeralPostgres.SUPERUSER + "@localhost:" + server.port() + "/" + database),
                new PrintWriter(migrated, true), new PrintWriter(err, true), "migrate");
        assertThat(migrateExitCode).as(migrated + "\n" + err).isZero();
        assertThat(migrated.toString()).contains("applied V20__personal_access_tokens_session_index.sql",
                "applied V21__compat_sso_logins_user_session_index.sql").doesNotContain("applied V19", "applied V9");
    }
}
