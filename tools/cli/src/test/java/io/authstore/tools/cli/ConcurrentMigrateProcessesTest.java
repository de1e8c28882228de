package io.authstore.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.authstore.tools.database.DatabaseUrl;
import io.authstore.tools.database.MigrationLockGate;
import io.authstore.tools.embedded.EphemeralPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several replicas of a service running {@code migrate} at the same moment on an empty database, as real operating
 * system processes of the CLI: each migration is applied exactly once, and every process exits successfully.
 */
class ConcurrentMigrateProcessesTest {

    private static final int PROCESSES = 3;
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern APPLIED = Pattern.compile("^applied (V\\S+\\.sql) \\(", Pattern.MULTILINE);

    @TempDir
    Path outputs;

    record Finished(int exitCode, String out, String err) {
        List<String> appliedScripts() {
            List<String> scripts = new ArrayList<>();
            Matcher matcher = APPLIED.matcher(out);
            while (matcher.find()) {
                scripts.add(matcher.group(1));
            }
            return scripts;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @Test
    void threeMigrateProcessesStartedAtOnceApplyEveryMigrationExactlyOnceAndAllSucceed() throws Exception {
        EphemeralPostgres server = EphemeralPostgres.shared();
        String database = server.createDatabase();
        String url = "postgresql://" + EphemeralPostgres.SUPERUSER + "@localhost:" + server.port() + "/" + database;

        List<Process> processes = new ArrayList<>();
        // Lined up behind Flyway's lock and let go together: started "at once", they would mostly run one after
        // the other, the JVMs starting at different speeds.
        try (MigrationLockGate gate = MigrationLockGate.closed(DatabaseUrl.parse(url))) {
            for (int i = 0; i < PROCESSES; i++) {
                processes.add(startMigrate(url, i));
            }
            gate.awaitWaiting(PROCESSES, PROCESS_TIMEOUT, () -> requireAlive(processes));
            assertThat(gate.historyExists()).as("nothing is applied while the lock is held").isFalse();
            gate.open();
        }
        List<Finished> runs = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            runs.add(awaitExit(processes.get(i), i));
        }

        assertThat(runs).as("every process exits 0").allSatisfy(run -> assertThat(run.exitCode()).as(run.toString())
                .isZero());
        List<String> appliedByAll = runs.stream().flatMap(run -> run.appliedScripts().stream()).sorted().toList();
        List<String> migrationFiles = migrationFiles();
        assertThat(appliedByAll).as("each migration applied by exactly one process").isEqualTo(migrationFiles);
        assertThat(runs).as("a process that found nothing to do says so").allSatisfy(run -> {
            if (run.appliedScripts().isEmpty()) {
                assertThat(run.out()).as(run.toString())
                        .contains("up to date at version " + migrationFiles.size() + ": nothing to apply");
            }
        });
        try (Connection connection = server.connect(database)) {
            assertThat(query(connection, """
                    select script || ' ' || count(*) || ' ' || bool_and(success) from flyway_schema_history
                     group by script order by script"""))
                    .as("the history holds each migration once, successful")
                    .isEqualTo(migrationFiles.stream().map(script -> script + " 1 true").toList());
        }
    }

    private Process startMigrate(String url, int index) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                AuthstoreCommand.class.getName(), "migrate")
                .redirectOutput(outputs.resolve("out-" + index).toFile())
                .redirectError(outputs.resolve("err-" + index).toFile());
        builder.environment().put("DATABASE_URL", url);
        return builder.start();
    }

    private void requireAlive(List<Process> processes) {
        for (int i = 0; i < processes.size(); i++) {
            if (!processes.get(i).isAlive()) {
                try {
                    fail("migrate process " + i + " ended while the lock was held: " + finished(processes.get(i), i));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private Finished awaitExit(Process process, int index) throws Exception {
        if (!process.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("migrate process " + index + " did not end within " + PROCESS_TIMEOUT + ": "
                    + finished(process, index));
        }
        return finished(process, index);
    }

    private Finished finished(Process process, int index) throws IOException {
        return new Finished(process.isAlive() ? -1 : process.exitValue(),
                Files.readString(outputs.resolve("out-" + index), StandardCharsets.UTF_8),
                Files.readString(outputs.resolve("err-" + index), StandardCharsets.UTF_8));
    }

    private static List<String> migrationFiles() throws IOException {
        Path directory = Path.of(System.getProperty("authstore.projectRoot", "../.."),
                "schema/src/main/resources/db/migration");
        try (var files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.matches("V\\d+__.+\\.sql"))
                    .sorted().toList();
        }
    }

    private static List<String> query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
