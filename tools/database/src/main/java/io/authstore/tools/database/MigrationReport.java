package io.authstore.tools.database;

import java.util.List;

/**
 * What a migrate run did.
 *
 * @param versionBefore the schema version before the run, {@code null} for an empty database
 * @param versionAfter the schema version after it
 * @param applied the migrations applied by this run, in order (empty when the database was up to date)
 */
public record MigrationReport(String versionBefore, String versionAfter, List<Applied> applied) {

    public MigrationReport {
        applied = List.copyOf(applied);
    }

    /** One applied migration and how long it took. */
    public record Applied(String version, String description, String script, long millis) {}
}
