package io.authstore.tools.database;

/** Receives each migration a run applies, in order, as soon as it has run. */
@FunctionalInterface
public interface MigrationListener {
    void applied(MigrationReport.Applied migration);
}
