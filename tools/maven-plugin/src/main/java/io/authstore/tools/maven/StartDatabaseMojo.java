package io.authstore.tools.maven;

import io.authstore.tools.database.DatabaseUrl;
import io.authstore.tools.database.DatabaseUrlException;
import io.authstore.tools.database.EmptyDatabase;
import io.authstore.tools.database.MigrationException;
import io.authstore.tools.database.MigrationReport;
import io.authstore.tools.database.Migrations;
import io.authstore.tools.database.NetworkBounds;
import io.authstore.tools.embedded.EphemeralPostgres;
import io.authstore.tools.embedded.EphemeralPostgresException;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Starts the database that jOOQ's generator reads, applies every migration to it, and publishes how to reach it as
 * project properties ({@code <prefix>.url}, {@code .user}) for the generator's configuration; a password goes to
 * pgjdbc through a private pgpass file, never into the configuration that {@code mvn -X} prints.
 *
 * <p>By default a throw-away embedded PostgreSQL; with {@code PREPARE_DATABASE_URL} set, that database instead,
 * after checking that it is empty. {@code stop-database} ends it; a shutdown hook does when the build fails first.
 */
@Mojo(name = "start-database", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public final class StartDatabaseMojo extends AbstractMojo {

    static final String ENVIRONMENT_VARIABLE = "PREPARE_DATABASE_URL";

    /** Flyway locations of the migrations, e.g. {@code filesystem:${maven.multiModuleProjectDirectory}/schema/...}. */
    @Parameter(required = true)
    private List<String> migrationLocations;

    /** The prefix of the properties this goal sets. */
    @Parameter(defaultValue = "authstore.db")
    private String propertyPrefix;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    public void execute() throws MojoFailureException {
        long started = System.nanoTime();
        PreparedDatabase database = open(System.getenv());
        BuildDatabases.register(getPluginContext(), database, started);
        Progress.report("database started: %s (%.1f s)", database.describe(), Progress.secondsSince(started));

        long migrating = System.nanoTime();
        MigrationReport report;
        try {
            report = Migrations.fromLocations(database.url(), migrationLocations).migrate();
        } catch (MigrationException e) {
            MojoFailureException failure = new MojoFailureException(e.getMessage(), e);
            try {
                BuildDatabases.close(getPluginContext());
            } catch (RuntimeException closing) {
                failure.addSuppressed(closing);
            }
            throw failure;
        }
        Progress.report("migrations applied: %d (schema version %s, %.1f s)", report.applied().size(),
                report.versionAfter(), Progress.secondsSince(migrating));

        // No password property: the generator's pgjdbc finds one in the private file of PreparedDatabase.External.
        project.getProperties().setProperty(propertyPrefix + ".url", NetworkBounds.shortStatementUrl(database.url()));
        project.getProperties().setProperty(propertyPrefix + ".user", database.url().user());
    }

    private PreparedDatabase open(Map<String, String> environment) throws MojoFailureException {
        String external = environment.get(ENVIRONMENT_VARIABLE);
        try {
            if (external != null && !external.isBlank()) {
                EmptyDatabase lent = EmptyDatabase.lend(DatabaseUrl.parse(external.strip()));
                if (lent.serverMajorVersion() != EphemeralPostgres.MAJOR_VERSION) {
                    Progress.report("warning: %s runs PostgreSQL %d, the embedded one %d: if make check then"
                            + " disagrees elsewhere, generate with the embedded one", ENVIRONMENT_VARIABLE,
                            lent.serverMajorVersion(), EphemeralPostgres.MAJOR_VERSION);
                }
                return new PreparedDatabase.External(lent);
            }
            EphemeralPostgres server = EphemeralPostgres.start();
            return new PreparedDatabase.Embedded(server,
                    DatabaseUrl.parse(server.uri(EphemeralPostgres.DEFAULT_DATABASE)));
        } catch (DatabaseUrlException e) {
            throw new MojoFailureException(ENVIRONMENT_VARIABLE + ": " + e.getMessage(), e);
        } catch (EphemeralPostgresException | MigrationException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }
}
