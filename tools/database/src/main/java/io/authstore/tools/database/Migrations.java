package io.authstore.tools.database;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Applies, inspects and validates the schema migrations of one database: the Flyway settings authstore relies on,
 * in one place, and Flyway's failures turned into messages an operator can act on.
 *
 * <p>Every operation validates the migrations already applied before it changes anything: a migration edited after
 * it was applied, or one missing from the files, stops the run with nothing changed.
 */
public final class Migrations {

    /** Where the migrations live inside the schema jar (and so inside the tools jar). */
    public static final String CLASSPATH_LOCATION = "classpath:db/migration";

    /** Flyway's "Applied to database : 123 ... Resolved locally : 456". */
    private static final Pattern CHECKSUMS =
            Pattern.compile("Applied to database\\s*:\\s*(-?\\d+).*?Resolved locally\\s*:\\s*(-?\\d+)", Pattern.DOTALL);

    /** How long a migrator waits for another one's lock before it gives up (exit 1). */
    static final int LOCK_WAIT_SECONDS = 600;

    private final DatabaseUrl url;
    private final List<String> locations;

    private Migrations(DatabaseUrl url, List<String> locations) {
        this.url = url;
        this.locations = List.copyOf(locations);
    }

    /** The migrations packaged on the classpath (the schema jar). */
    public static Migrations fromClasspath(DatabaseUrl url) {
        return new Migrations(url, List.of(CLASSPATH_LOCATION));
    }

    /** Migrations from Flyway locations, e.g. {@code filesystem:schema/src/main/resources/db/migration}. */
    public static Migrations fromLocations(DatabaseUrl url, List<String> locations) {
        if (locations.isEmpty()) {
            throw new IllegalArgumentException("no migration locations given");
        }
        return new Migrations(url, locations);
    }

    public DatabaseUrl url() {
        return url;
    }

    /** Applies every pending migration, each in its own transaction, after validating the applied ones. */
    public MigrationReport migrate() {
        return migrate(migration -> { });
    }

    /**
     * Like {@link #migrate()}, telling {@code listener} about each migration as soon as it has run (before its
     * transaction commits).
     */
    public MigrationReport migrate(MigrationListener listener) {
        return run(() -> {
            Flyway flyway = migrator(new MigrationProgress(listener));
            requireValidHistory(flyway);
            return report(flyway.migrate());
        });
    }

    private static MigrationReport report(MigrateResult result) {
        // Flyway leaves the target empty when there was nothing to apply
        String after = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return new MigrationReport(result.initialSchemaVersion, after,
                result.migrations.stream().map(Migrations::toApplied).toList());
    }

    /**
     * Applies the pending migrations up to and including {@code version} (tests and tools that need an earlier
     * schema), with the same lock and checks as {@link #migrate()}.
     */
    public MigrationReport migrateTo(String version) {
        return run(() -> report(configuration(NetworkBounds.longStatements(url)).target(version).load().migrate()));
    }

    /** The applied and pending migrations, and what is wrong with the applied ones (empty when nothing is). */
    public MigrationStatus status() {
        return run(() -> {
            Flyway flyway = flyway();
            List<String> problems = problems(flyway.validateWithResult());
            List<MigrationStatus.Entry> applied = new ArrayList<>();
            List<MigrationStatus.Entry> pending = new ArrayList<>();
            for (MigrationInfo info : flyway.info().all()) {
                MigrationStatus.Entry entry = new MigrationStatus.Entry(
                        info.getVersion() == null ? "" : info.getVersion().getVersion(),
                        info.getDescription(), info.getScript(), info.getState().getDisplayName());
                if (info.getState() == MigrationState.PENDING) {
                    pending.add(entry);
                } else if (info.getState().isApplied()) {
                    applied.add(entry);
                }
            }
            return new MigrationStatus(applied, pending, problems);
        });
    }

    /**
     * Checks that every applied migration still matches its file and that none is missing locally. Pending
     * migrations are not a problem here.
     *
     * @throws MigrationException with reason {@link MigrationException.Reason#INVALID_HISTORY} naming each file
     */
    public void validate() {
        run(() -> {
            requireValidHistory(flyway());
            return null;
        });
    }

    private void requireValidHistory(Flyway flyway) {
        List<String> problems = problems(flyway.validateWithResult());
        if (!problems.isEmpty()) {
            throw new MigrationException(MigrationException.Reason.INVALID_HISTORY,
                    "the migrations applied to " + url.redacted() + " do not match the migration files, so nothing"
                            + " was changed:\n  - " + String.join("\n  - ", problems));
        }
    }

    private static List<String> problems(ValidateResult result) {
        if (result.validationSuccessful) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (ValidateOutput invalid : result.invalidMigrations) {
            problems.add(describe(invalid));
        }
        if (problems.isEmpty() && result.errorDetails != null) {
            problems.add(result.errorDetails.errorMessage);
        }
        return problems;
    }

    private static String describe(ValidateOutput invalid) {
        String file = invalid.filepath == null || invalid.filepath.isEmpty()
                ? "V" + invalid.version + "__" + invalid.description.replace(' ', '_') + ".sql"
                : fileName(invalid.filepath);
        if (invalid.errorDetails.errorCode == CoreErrorCode.CHECKSUM_MISMATCH) {
            Matcher checksums = CHECKSUMS.matcher(invalid.errorDetails.errorMessage);
            String detail = checksums.find()
                    ? "checksum " + checksums.group(1) + " when applied, " + checksums.group(2) + " now"
                    : "checksum mismatch";
            return file + " was edited after it was applied (" + detail
                    + "). Restore the file as it was applied and put the change in a new migration.";
        }
        if (invalid.errorDetails.errorCode == CoreErrorCode.FAILED_VERSIONED_MIGRATION) {
            return file + " failed earlier outside a transaction (e.g. CREATE INDEX CONCURRENTLY), so what it did"
                    + " is unknown. Check the database, undo what it left, then delete its row: DELETE FROM"
                    + " flyway_schema_history WHERE version = '" + invalid.version + "' AND NOT success;"
                    + " and run migrate again.";
        }
        if (invalid.errorDetails.errorCode == CoreErrorCode.APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED
                || invalid.errorDetails.errorCode == CoreErrorCode.APPLIED_REPEATABLE_MIGRATION_NOT_RESOLVED) {
            return "version " + invalid.version + " (" + invalid.description + ") was applied to the database but"
                    + " its file is missing: restore it, or use the tools that match this database.";
        }
        return file + ": " + oneLine(invalid.errorDetails.errorMessage);
    }

    private static String oneLine(String text) {
        return String.join("; ", text.strip().lines().map(String::strip).filter(line -> !line.isEmpty()).toList());
    }

    private static MigrationReport.Applied toApplied(MigrateOutput output) {
        return new MigrationReport.Applied(output.version, output.description, fileName(output.filepath),
                output.executionTime);
    }

    private static String fileName(String path) {
        if (path == null) {
            return "";
        }
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(slash + 1);
    }

    /** Every migration file, in version order (reads the database's history, changes nothing). */
    public List<MigrationStatus.Entry> resolved() {
        return run(() -> {
            List<MigrationStatus.Entry> entries = new ArrayList<>();
            for (MigrationInfo info : flyway().info().all()) {
                if (info.getVersion() != null && info.getScript() != null && info.getScript().endsWith(".sql")) {
                    entries.add(new MigrationStatus.Entry(info.getVersion().getVersion(), info.getDescription(),
                            info.getScript(), info.getState().getDisplayName()));
                }
            }
            return entries;
        });
    }

    /**
     * Records {@code version} as Flyway's baseline of a schema that was built some other way (see {@link Adoption}):
     * creates Flyway's history table with one row, changes nothing else; {@code migrate} then applies the versions
     * after it.
     */
    public void baseline(String version, String description) {
        run(() -> {
            FluentConfiguration configuration = configuration(NetworkBounds.shortStatements(url))
                    .baselineVersion(version)
                    .baselineDescription(description);
            configuration.load().baseline();
            return null;
        });
    }

    /** Flyway for inspecting the history: every statement short, so every read is bounded. */
    private Flyway flyway() {
        return configuration(NetworkBounds.shortStatements(url)).load();
    }

    /** Flyway for migrating: no read timeout, which would cut a long migration statement short. */
    private Flyway migrator(Callback... callbacks) {
        return configuration(NetworkBounds.longStatements(url), callbacks).load();
    }

    private FluentConfiguration configuration(Map<String, String> networkBounds, Callback... callbacks) {
        Map<String, String> properties = new LinkedHashMap<>(networkBounds);
        properties.putAll(url.secretParameters());
        FluentConfiguration configuration = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(url.jdbcUrl(), url.user(), url.password().orElse(null))
                .jdbcProperties(properties)
                .locations(locations.toArray(String[]::new))
                // pending is what migrate is for; everything else (missing, future, failed) is a problem
                .ignoreMigrationPatterns("*:pending")
                .validateMigrationNaming(true)
                .failOnMissingLocations(true)
                .cleanDisabled(true)
                .connectRetries(0)
                // Replicas started together wait for the one that migrates (a poll a second): Flyway's default of
                // 50 polls made them give up during any migration longer than 50 s.
                .lockRetryCount(LOCK_WAIT_SECONDS)
                .loggers("slf4j")
                .callbacks(callbacks);
        // A session-level advisory lock instead of the default transaction-level one, so that a non-transactional
        // migration (CREATE INDEX CONCURRENTLY) does not deadlock concurrent migrators.
        configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return configuration;
    }

    private <T> T run(java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        } catch (FlywayMigrateException e) {
            throw migrationFailed(e);
        } catch (FlywayException e) {
            throw translate(e);
        }
    }

    private MigrationException migrationFailed(FlywayMigrateException e) {
        String script = e.getMigration() == null ? "a migration" : e.getMigration().getScript();
        String reason = causes(e).stream()
                .filter(SQLException.class::isInstance)
                .findFirst()
                .map(sql -> firstLine(sql.getMessage()))
                .orElse(firstLine(e.getMessage()));
        String line = e.getLineNumber() > 0 ? " at line " + e.getLineNumber() : "";
        String rollback = e.isExecutableInTransaction()
                ? "It was rolled back: the schema is as it was before it, and the migrations before it stay applied."
                : "It ran outside a transaction, so check what it left before running it again.";
        return new MigrationException(MigrationException.Reason.MIGRATION_FAILED,
                "migration " + script + " failed" + line + ": " + reason + "\n" + rollback
                        + " Fix the file and run migrate again.", e);
    }

    private MigrationException translate(FlywayException e) {
        List<Throwable> causes = causes(e);
        // the network cause says it best; pgjdbc's SQL states cover refused logins and missing databases
        for (Throwable cause : causes) {
            String network = networkProblem(cause);
            if (network != null) {
                return unreachable(network + ". Check that PostgreSQL runs there and accepts TCP connections.", e);
            }
        }
        for (Throwable cause : causes) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                String reason = firstLine(sql.getMessage());
                if (state.startsWith("28")) {
                    return unreachable(reason + ". Check the user name and password.", e);
                }
                if (state.equals("3D000")) {
                    return unreachable(reason + ". Create it, or correct the database name.", e);
                }
                if (state.startsWith("08")) {
                    return unreachable(reason + ".", e);
                }
            }
        }
        return new MigrationException(MigrationException.Reason.MIGRATION_FAILED,
                DatabaseUrl.redact(firstLine(e.getMessage())), e);
    }

    private MigrationException unreachable(String why, FlywayException e) {
        return new MigrationException(MigrationException.Reason.UNREACHABLE,
                "cannot connect to " + url.redacted() + ": " + why, e);
    }

    private static String networkProblem(Throwable cause) {
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof UnknownHostException) {
            return "unknown host " + cause.getMessage();
        }
        if (cause instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (cause instanceof SocketTimeoutException) {
            return "the connection timed out";
        }
        return null;
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable cause = e; cause != null && !causes.contains(cause); cause = cause.getCause()) {
            causes.add(cause);
        }
        return causes;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        return message.strip().lines().findFirst().orElse(message);
    }
}
