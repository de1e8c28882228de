package io.authstore.tools.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code authstore}: the operator's command line. */
@Command(
        name = "authstore",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Manages the schema of an authstore (MAS-compatible) PostgreSQL database.",
        subcommands = {MigrateCommand.class, StatusCommand.class, ValidateCommand.class, AdoptCommand.class, NewMigrationCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success (status: up to date)",
            "  1  a migration failed (it was rolled back)",
            "  2  usage or configuration error (e.g. DATABASE_URL missing or malformed)",
            "  3  status: migrations are pending",
            "  4  the applied migrations do not match the files (e.g. a migration was edited)",
            "  5  the database cannot be reached",
            "  6  adopt: the schema matches no authstore version (the differences are listed)",
            "  7  adopt: the database is empty (run migrate)",
            "  8  adopt: the database is already authstore's",
            "  9  adopt: MAS migrated it further than any authstore version knows",
            " 10  adopt: MAS migrated it less far than authstore's versions, and none matches"
        })
public final class AuthstoreCommand implements Runnable {

    private final Map<String, String> environment;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    AuthstoreCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        System.exit(execute(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given environment and output, and returns its exit code. */
    public static int execute(Map<String, String> environment, PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new AuthstoreCommand(environment))
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(new ErrorReporter())
                .execute(args);
    }

    /** The process environment (DATABASE_URL); injected so that tests need not change the real one. */
    Map<String, String> environment() {
        return environment;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required: migrate, status, validate, adopt or new-migration");
    }
}
