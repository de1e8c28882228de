package io.authstore.tools.maven;

import io.authstore.tools.database.DatabaseUrl;
import io.authstore.tools.database.EmptyDatabase;
import io.authstore.tools.embedded.EphemeralPostgres;

/**
 * The database that jOOQ's generator reads during one build: either a throw-away embedded server, or the empty
 * database an operator named in {@code PREPARE_DATABASE_URL}, which is emptied again afterwards.
 */
sealed interface PreparedDatabase extends AutoCloseable {

    DatabaseUrl url();

    /** A human description for the build log (no password). */
    String describe();

    @Override
    void close();

    record Embedded(EphemeralPostgres server, DatabaseUrl url) implements PreparedDatabase {
        @Override
        public String describe() {
            return "embedded PostgreSQL on port " + server.port();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    record External(DatabaseUrl url) implements PreparedDatabase {
        @Override
        public String describe() {
            return url.redacted() + " (PREPARE_DATABASE_URL)";
        }

        /** The database was empty before this build (checked), so dropping what it holds restores it. */
        @Override
        public void close() {
            EmptyDatabase.reset(url);
        }
    }
}
