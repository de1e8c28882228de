package io.authstore.tools.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Stops the database that {@code start-database} started (an embedded server is deleted with its data; a
 * {@code PREPARE_DATABASE_URL} database is emptied again), and reports what was generated and how long it all took.
 */
@Mojo(name = "stop-database", defaultPhase = LifecyclePhase.PROCESS_SOURCES, threadSafe = true)
public final class StopDatabaseMojo extends AbstractMojo {

    /** The generator's target directory, for the count of generated tables. */
    @Parameter(required = true)
    private Path generatedDirectory;

    /** The package the generator writes, e.g. {@code io.authstore.snapshot}. */
    @Parameter(required = true)
    private String packageName;

    @Override
    public void execute() {
        BuildDatabases.Running running = BuildDatabases.close(getPluginContext());
        Path tables = generatedDirectory.resolve(packageName.replace('.', '/')).resolve("tables");
        Progress.report("tables generated: %d, into %s", countTables(tables), generatedDirectory);
        if (running != null) {
            Progress.report("%s; %.1f s in all", running.database().closing(),
                    Progress.secondsSince(running.startedNanos()));
        }
    }

    private static long countTables(Path tables) {
        if (!Files.isDirectory(tables)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(tables)) {
            return files.filter(file -> file.toString().endsWith(".java")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
