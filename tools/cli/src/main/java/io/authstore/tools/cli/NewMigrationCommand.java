package io.authstore.tools.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "new-migration", mixinStandardHelpOptions = true,
        description = {"Creates the next migration file (for developers; make migration NAME=... runs it).",
            "The version is one above the highest in the folder; the name must be lower snake case and new.",
            "Prints the new file's path. Needs no database."})
final class NewMigrationCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "What the migration does, e.g. add_widget_colour.")
    private String name;

    @Option(names = "--directory", paramLabel = "DIR", defaultValue = NewMigration.DEFAULT_DIRECTORY,
            description = "The migrations folder (default: ${DEFAULT-VALUE}).")
    private Path directory;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        try {
            spec.commandLine().getOut().println(NewMigration.create(directory, name));
            return ExitCode.OK;
        } catch (NewMigration.Refused e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return ExitCode.USAGE;
        }
    }
}
