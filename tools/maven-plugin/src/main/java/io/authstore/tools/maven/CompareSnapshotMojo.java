package io.authstore.tools.maven;

import io.authstore.tools.snapshot.SnapshotDiff;
import java.nio.file.Path;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fails when the committed snapshot differs from a fresh generation, naming what differs: tables added or removed,
 * columns added, removed or retyped, keys, indexes and enums; not a file diff.
 */
@Mojo(name = "compare-snapshot", defaultPhase = LifecyclePhase.PROCESS_SOURCES, threadSafe = true)
public final class CompareSnapshotMojo extends AbstractMojo {

    /** The committed snapshot ({@code generated-snapshot/src/main/java}). */
    @Parameter(required = true)
    private Path committedDirectory;

    /** The fresh generation to compare it with. */
    @Parameter(required = true)
    private Path generatedDirectory;

    @Parameter(required = true)
    private String packageName;

    @Override
    public void execute() throws MojoFailureException {
        String packagePath = packageName.replace('.', '/');
        SnapshotDiff diff = SnapshotDiff.compare(committedDirectory.resolve(packagePath),
                generatedDirectory.resolve(packagePath));
        if (diff.isEmpty()) {
            Progress.report("generated-snapshot/ is up to date with the migrations");
            return;
        }
        String summary = diff.summary();
        Progress.report("generated-snapshot/ is stale: the migrations now generate something else:");
        summary.lines().forEach(line -> Progress.report("  %s", line));
        Progress.report("run `make prepare` and commit generated-snapshot/ together with the migration");
        throw new MojoFailureException("generated-snapshot/ is stale (" + diff.headline()
                + "): run `make prepare` and commit the result");
    }
}
