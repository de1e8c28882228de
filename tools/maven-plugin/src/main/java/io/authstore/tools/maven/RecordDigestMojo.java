package io.authstore.tools.maven;

import io.authstore.tools.snapshot.GenerationDigest;
import java.io.File;
import java.io.UncheckedIOException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * After {@code publish-snapshot}: records in {@code generated-snapshot/generation.digest} what the snapshot was
 * generated from (see {@link GenerationDigest}), so that the next {@code make prepare} or {@code make check} can
 * skip the database while nothing changed.
 */
@Mojo(name = "record-digest", defaultPhase = LifecyclePhase.PROCESS_SOURCES, threadSafe = true)
public final class RecordDigestMojo extends AbstractMojo {

    /** The project's root, which holds schema/ and generated-snapshot/. */
    @Parameter(defaultValue = "${maven.multiModuleProjectDirectory}", required = true)
    private File projectRoot;

    @Override
    public void execute() throws MojoFailureException {
        try {
            GenerationDigest.write(projectRoot.toPath());
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        Progress.report("digest recorded: %s", GenerationDigest.FILE);
    }
}
