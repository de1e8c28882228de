package io.authstore.tools.embedded;

/** The embedded PostgreSQL cannot start here; the message says why and what to do instead. */
public final class EphemeralPostgresException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What works wherever the embedded server cannot run. */
    static final String ALTERNATIVE = "Where the embedded PostgreSQL cannot run, set PREPARE_DATABASE_URL to an"
            + " existing, empty PostgreSQL database (e.g. PREPARE_DATABASE_URL=postgresql://postgres@localhost:5432/"
            + "authstore_prepare, with the password in ~/.pgpass).";

    public EphemeralPostgresException(String message, Throwable cause) {
        super(message, cause);
    }

    public EphemeralPostgresException(String message) {
        super(message);
    }
}
