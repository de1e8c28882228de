package io.authstore.tools.database;

/**
 * A migration run that could not complete, with a message for an operator: what is wrong, what to do, and that the
 * database was left as it was. The message never contains a password.
 */
public final class MigrationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, so that a command can choose its exit code. */
    public enum Reason {
        /** The server could not be reached or refused the login. */
        UNREACHABLE,
        /** An applied migration differs from its file, or is missing locally. */
        INVALID_HISTORY,
        /** A migration failed and was rolled back. */
        MIGRATION_FAILED,
        /** The database is not in a state this operation accepts (e.g. not empty). */
        UNEXPECTED_STATE
    }

    private final Reason reason;

    public MigrationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public MigrationException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
