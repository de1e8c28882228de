package io.authstore.tools.database;

import java.util.List;

/**
 * The migrations of one database: applied, pending, and what is wrong with the applied ones.
 *
 * @param problems each an operator-readable sentence naming the migration file; empty when the history is valid
 */
public record MigrationStatus(List<Entry> applied, List<Entry> pending, List<String> problems) {

    public MigrationStatus {
        applied = List.copyOf(applied);
        pending = List.copyOf(pending);
        problems = List.copyOf(problems);
    }

    public boolean upToDate() {
        return pending.isEmpty() && problems.isEmpty();
    }

    /** One migration as Flyway sees it. */
    public record Entry(String version, String description, String script, String state) {}
}
