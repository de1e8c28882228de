package io.authstore.tools.cli;

import io.authstore.tools.database.Migrations;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks that every applied migration still matches its file and that none is missing.",
            "Pending migrations are not an error here (see status). Changes nothing."})
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    private DatabaseOptions database;

    @CommandLine.ParentCommand
    private AuthstoreCommand parent;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Migrations migrations = database.migrations(parent.environment());
        migrations.validate();
        spec.commandLine().getOut().println("valid: the migrations applied to " + migrations.url().redacted()
                + " match the files");
        return ExitCode.OK;
    }
}
