package io.authstore.tools.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code authstore}: the operator's command line. */
@Command(
        name = "authstore",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Manages the schema of an authstore (MAS-compatible) PostgreSQL database.",
        subcommands = {MigrateCommand.class, StatusCommand.class, ValidateCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success (status: up to date)",
            "  1  a migration failed (it was rolled back)",
            "  2  usage or configuration error (e.g. DATABASE_URL missing or malformed)",
            "  3  status: migrations are pending",
            "  4  the applied migrations do not match the files (e.g. a migration was edited)",
            "  5  the database cannot be reached"
        })
public final class AuthstoreCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests: no System.exit). */
    public static int execute(String... args) {
        return new CommandLine(new AuthstoreCommand()).setExecutionExceptionHandler(new ErrorReporter()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: migrate, status or validate");
    }
}
