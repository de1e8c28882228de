package io.authstore.tools.cli;

import io.authstore.tools.database.DatabaseUrlException;
import io.authstore.tools.database.MigrationException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Errors become one clear message and an exit code; the stack trace only with --verbose. */
final class ErrorReporter implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        command.getErr().println("error: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getName()));
        if (verbose(parseResult)) {
            e.printStackTrace(command.getErr());
        }
        command.getErr().flush();
        if (e instanceof DatabaseUrlException) {
            return ExitCode.USAGE;
        }
        if (e instanceof MigrationException migration) {
            return switch (migration.reason()) {
                case UNREACHABLE -> ExitCode.UNREACHABLE;
                case INVALID_HISTORY -> ExitCode.INVALID_HISTORY;
                case MIGRATION_FAILED, UNEXPECTED_STATE -> ExitCode.MIGRATION_FAILED;
            };
        }
        return ExitCode.MIGRATION_FAILED;
    }

    private static boolean verbose(ParseResult parseResult) {
        ParseResult leaf = parseResult;
        while (leaf.subcommand() != null) {
            leaf = leaf.subcommand();
        }
        return leaf.hasMatchedOption("--verbose");
    }
}
