package io.authstore.tools.cli;

import io.authstore.tools.database.MigrationReport;
import io.authstore.tools.database.Migrations;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Applies the pending migrations, each in its own transaction.",
            "The applied ones are validated first: if one was edited or is missing, nothing is changed.",
            "Concurrent runs are safe: they take turns on a lock, and the later ones find nothing to do."})
final class MigrateCommand implements Callable<Integer> {

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
        out.println("migrating " + migrations.url().redacted());
        out.flush();
        MigrationReport report = migrations.migrate(applied -> {
            out.printf("applied %s (%d ms)%n", applied.script(), applied.millis());
            out.flush();
        });
        if (report.applied().isEmpty()) {
            out.println("up to date at version " + report.versionAfter() + ": nothing to apply");
        } else {
            out.printf("%d migration%s applied; schema version %s (was %s)%n", report.applied().size(),
                    report.applied().size() == 1 ? "" : "s", report.versionAfter(),
                    report.versionBefore() == null ? "empty" : report.versionBefore());
        }
        return ExitCode.OK;
    }
}
