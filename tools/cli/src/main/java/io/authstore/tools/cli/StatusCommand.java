package io.authstore.tools.cli;

import io.authstore.tools.database.MigrationStatus;
import io.authstore.tools.database.Migrations;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Lists the applied and the pending migrations.",
            "Exits 0 when the database is up to date, 3 when migrations are pending and 4 when an applied"
                    + " migration does not match its file, so that a deployment can refuse to start."})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    private DatabaseOptions database;

    @CommandLine.ParentCommand
    private AuthstoreCommand parent;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Migrations migrations = database.migrations(parent.environment());
        PrintWriter out = spec.commandLine().getOut();
        out.println("database " + migrations.url().redacted());
        MigrationStatus status = migrations.status();
        for (MigrationStatus.Entry entry : status.applied()) {
            out.printf("  applied  %-6s %s%n", "V" + entry.version(), entry.script());
        }
        for (MigrationStatus.Entry entry : status.pending()) {
            out.printf("  pending  %-6s %s%n", "V" + entry.version(), entry.script());
        }
        for (String problem : status.problems()) {
            out.println("  PROBLEM  " + problem);
        }
        if (!status.problems().isEmpty()) {
            out.println("the applied migrations do not match the files: see above");
            return ExitCode.INVALID_HISTORY;
        }
        if (!status.pending().isEmpty()) {
            out.printf("%d pending migration%s: run `authstore migrate`%n", status.pending().size(),
                    status.pending().size() == 1 ? "" : "s");
            return ExitCode.PENDING;
        }
        out.println("up to date (" + status.applied().size() + " migrations applied)");
        return ExitCode.OK;
    }
}
