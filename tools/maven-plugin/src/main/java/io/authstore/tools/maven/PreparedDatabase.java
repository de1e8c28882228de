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

    /** What {@link #close()} does, for the build log. */
    String closing();

    @Override
    void close();

    record Embedded(EphemeralPostgres server, DatabaseUrl url) implements PreparedDatabase {
        @Override
        public String describe() {
            return "embedded PostgreSQL on port " + server.port();
        }

        @Override
        public String closing() {
            return "embedded PostgreSQL stopped and its data directory removed";
        }

        @Override
        public void close() {
            server.close();
        }
    }

    record External(EmptyDatabase lent, PasswordFile passwordFile) implements PreparedDatabase {

        External(EmptyDatabase lent) {
            this(lent, PasswordFile.forUrl(lent.url()));
        }

        @Override
        public DatabaseUrl url() {
            return lent.url();
        }

        @Override
        public String describe() {
            return lent.url().redacted() + " (PREPARE_DATABASE_URL, PostgreSQL " + lent.serverMajorVersion() + ")";
        }

        @Override
        public String closing() {
            return "PREPARE_DATABASE_URL database emptied again";
        }

        @Override
        public void close() {
            try {
                lent.close();
            } finally {
                passwordFile.close();
            }
        }
    }
}
