package io.authstore.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.tools.embedded.EphemeralPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthstoreCommandTest {

    /** The embedded server trusts loopback logins, so any password works, and none may be printed. */
    private static final String PASSWORD = "hunter2-secret";

    record Run(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = AuthstoreCommand.execute(environment, new PrintWriter(out, true), new PrintWriter(err, true),
                args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static String freshDatabaseUrl() {
        EphemeralPostgres server = EphemeralPostgres.shared();
        String database = server.createDatabase();
        return "postgresql://" + EphemeralPostgres.SUPERUSER + ":" + PASSWORD + "@localhost:" + server.port() + "/"
                + database;
    }

    @ParameterizedTest
    @ValueSource(strings = {"migrate", "status", "validate"})
    void everyCommandHasHelp(String command) {
        Run help = run(Map.of(), command, "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: authstore " + command).contains("--database-url");
    }

    @Test
    void topLevelHelpListsCommandsAndExitCodes() {
        Run help = run(Map.of(), "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("migrate", "status", "validate", "Exit codes", "3  status: migrations are pending");
    }

    @Test
    void missingDatabaseUrlIsOneLineNamingTheVariableWithAnExample() {
        Run migrate = run(Map.of(), "migrate");

        assertThat(migrate.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(migrate.err()).isEqualTo("error: DATABASE_URL is not set: set it to the database to use, for example"
                + " DATABASE_URL=postgresql://authstore:secret@localhost:5432/authstore" + System.lineSeparator());
    }

    @Test
    void migratesThenFindsNothingToDoAndStatusIsUpToDate() {
        Map<String, String> environment = Map.of("DATABASE_URL", freshDatabaseUrl());

        Run pending = run(environment, "status");
        assertThat(pending.exitCode()).isEqualTo(ExitCode.PENDING);
        assertThat(pending.out()).contains("pending  V1     V1__extensions.sql").contains("21 pending migrations");

        Run first = run(environment, "migrate");
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("applied V1__extensions.sql", "applied V21__compat_sso_logins_user_session_index.sql",
                "21 migrations applied; schema version 21 (was empty)");

        Run second = run(environment, "migrate");
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("up to date at version 21: nothing to apply").doesNotContain("applied V");

        Run status = run(environment, "status");
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("applied  V21").contains("up to date (21 migrations applied)");
        assertThat(run(environment, "validate").exitCode()).isZero();

        assertThat(first.all() + second.all() + status.all()).doesNotContain(PASSWORD).contains(":***@");
    }

    @Test
    void anEditedMigrationIsRefusedByEveryCommandWithNothingChanged() throws SQLException {
        String url = freshDatabaseUrl();
        Map<String, String> environment = Map.of("DATABASE_URL", url);
        assertThat(run(environment, "migrate").exitCode()).isZero();
        // The database remembers a different checksum: exactly what an edit of the file after it was applied looks like.
        String database = url.substring(url.lastIndexOf('/') + 1);
        try (Connection connection = EphemeralPostgres.shared().connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute("update flyway_schema_history set checksum = checksum + 1 where version = '2'");
        }

        Run migrate = run(environment, "migrate");
        Run validate = run(environment, "validate");
        Run status = run(environment, "status");

        assertThat(migrate.exitCode()).isEqualTo(ExitCode.INVALID_HISTORY);
        assertThat(migrate.err()).contains("V2__users_and_browser_sessions.sql was edited after it was applied")
                .contains("nothing was changed");
        assertThat(validate.exitCode()).isEqualTo(ExitCode.INVALID_HISTORY);
        assertThat(validate.err()).contains("V2__users_and_browser_sessions.sql");
        assertThat(status.exitCode()).isEqualTo(ExitCode.INVALID_HISTORY);
        assertThat(status.out()).contains("PROBLEM  V2__users_and_browser_sessions.sql");
    }

    @Test
    void anUnreachableServerIsAClearErrorWithoutStackTraceOrPassword() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Run migrate = run(Map.of("DATABASE_URL", "postgresql://mas:" + PASSWORD + "@localhost:" + port + "/mas"),
                "migrate");

        assertThat(migrate.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(migrate.err()).isEqualTo("error: cannot connect to postgresql://mas:***@localhost:" + port
                + "/mas: connection refused. Check that PostgreSQL runs there and accepts TCP connections."
                + System.lineSeparator());
        assertThat(migrate.all()).doesNotContain(PASSWORD).doesNotContain("\tat ");
    }

    @Test
    void aMalformedUrlIsAUsageErrorWithoutThePassword() {
        Run migrate = run(Map.of("DATABASE_URL", "mysql://mas:" + PASSWORD + "@localhost/mas"), "migrate");

        assertThat(migrate.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(migrate.err()).startsWith("error: unsupported database URL").doesNotContain(PASSWORD);
    }
}
