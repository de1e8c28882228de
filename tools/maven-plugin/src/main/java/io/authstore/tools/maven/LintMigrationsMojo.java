package io.authstore.tools.maven;

import io.authstore.tools.embedded.EphemeralPostgres;
import io.authstore.tools.embedded.EphemeralPostgresException;
import io.authstore.tools.lint.Finding;
import io.authstore.tools.lint.MigrationLinter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code make lint}: applies every migration to a throw-away embedded PostgreSQL whose tables hold rows, and fails
 * on a statement that would lock or rewrite a busy table (see {@link MigrationLinter}), naming the file, the line,
 * the rule and the safe alternative.
 */
@Mojo(name = "lint-migrations", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true, requiresProject = false)
public final class LintMigrationsMojo extends AbstractMojo {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

    @Parameter(property = "authstore.lint.migrations", required = true,
            defaultValue = "${maven.multiModuleProjectDirectory}/schema/src/main/resources/db/migration")
    private File migrationsDirectory;

    /** Exemptions for applied migrations, which cannot take a comment any more. */
    @Parameter(property = "authstore.lint.exemptions",
            defaultValue = "${maven.multiModuleProjectDirectory}/schema/lint-exemptions.txt")
    private File exemptionsFile;

    @Override
    public void execute() throws MojoFailureException {
        long started = System.nanoTime();
        List<Path> files = migrations(migrationsDirectory.toPath());
        MigrationLinter.Report report;
        try (EphemeralPostgres server = EphemeralPostgres.start();
                Connection connection = server.connect(server.createDatabase())) {
            report = MigrationLinter.lint(connection, files, exemptionsFile == null ? List.of()
                    : MigrationLinter.readExemptions(exemptionsFile.toPath()));
        } catch (EphemeralPostgresException | IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (SQLException e) {
            throw new MojoFailureException("make lint could not inspect the database: " + e.getMessage(), e);
        }
        report.exempted().forEach(exempted -> Progress.report("lint: exempted %s", exempted));
        report.notSeeded().forEach(table -> Progress.report("lint: warning: no row in %s", table));
        if (!report.findings().isEmpty()) {
            int count = report.findings().size();
            StringBuilder message = new StringBuilder("make lint: " + count + (count == 1 ? " problem" : " problems")
                    + " in the migrations, applied to tables that hold rows:");
            for (Finding finding : report.findings()) {
                message.append("\n  ").append(finding.message());
            }
            message.append("\nA statement that is safe anyway takes a comment right above it:"
                    + " -- lint: allow <rule> because <why>");
            throw new MojoFailureException(message.toString());
        }
        Progress.report("lint: %d migrations, %d statements applied to tables with rows: nothing locks or rewrites"
                + " a table that existed before its migration (%.1f s)", files.size(), report.statements(),
                Progress.secondsSince(started));
    }

    static List<Path> migrations(Path directory) throws MojoFailureException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> VERSIONED.matcher(file.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(LintMigrationsMojo::version))
                    .toList();
        } catch (IOException e) {
            throw new MojoFailureException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static long version(Path file) {
        Matcher matcher = VERSIONED.matcher(file.getFileName().toString());
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : Long.MAX_VALUE;
    }
}
