package io.authstore.tools.embedded;

/** The embedded PostgreSQL cannot start here; the message says why and what to do instead. */
public final class EphemeralPostgresException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final String ALTERNATIVES = "What to do: run as a non-root user, or, as root, allow user namespaces"
            + " (sysctl -w kernel.unprivileged_userns_clone=1 and user.max_user_namespaces > 0); or set"
            + " PREPARE_DATABASE_URL to an existing, empty PostgreSQL database"
            + " (e.g. PREPARE_DATABASE_URL=postgresql://postgres:secret@localhost:5432/authstore_prepare).";

    public EphemeralPostgresException(String message, Throwable cause) {
        super(message, cause);
    }

    public EphemeralPostgresException(String message) {
        super(message);
    }
}
