package io.authstore.tools.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Replaces the committed snapshot with a complete fresh generation. The generator writes into {@code target/} first,
 * so that a failed or interrupted generation leaves the committed snapshot as it was; the new snapshot is staged
 * under {@code target/} and swapped in with two renames.
 */
@Mojo(name = "publish-snapshot", defaultPhase = LifecyclePhase.PROCESS_SOURCES, threadSafe = true)
public final class PublishSnapshotMojo extends AbstractMojo {

    /** Where the generator wrote. */
    @Parameter(required = true)
    private Path generatedDirectory;

    /** The committed snapshot ({@code generated-snapshot/src/main/java}). */
    @Parameter(required = true)
    private Path committedDirectory;

    @Parameter(required = true)
    private String packageName;

    /** Where the new snapshot is staged and the old one set aside during the swap. */
    @Parameter(defaultValue = "${project.build.directory}/publish-snapshot", required = true)
    private Path stagingDirectory;

    @Override
    public void execute() throws MojoFailureException {
        String packagePath = packageName.replace('.', '/');
        Path source = generatedDirectory.resolve(packagePath);
        Path target = committedDirectory.resolve(packagePath);
        if (!Files.isDirectory(source.resolve("tables"))) {
            throw new MojoFailureException("no generated tables in " + source + ": the snapshot was left as it was");
        }
        Path staged = stagingDirectory.resolve("new");
        Path previous = stagingDirectory.resolve("previous");
        try {
            delete(stagingDirectory);
            List<Path> files = files(source);
            for (Path file : files) {
                Path copy = staged.resolve(source.relativize(file));
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                Files.move(target, previous);
            }
            Files.move(staged, target);
            delete(stagingDirectory);
            Progress.report("snapshot written: %d files in %s", files.size(), committedDirectory);
        } catch (IOException e) {
            throw new MojoFailureException("could not write the snapshot into " + target + ": " + e.getMessage()
                    + ". Restore it with `git checkout generated-snapshot` and run make prepare again.", e);
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
