package io.authstore.storage;

import java.util.Optional;

/**
 * The database or the connection to it failed: the driver's error is the cause. The session it happened in has been
 * rolled back and its connection returned to the pool; open a new session to go on.
 */
public final class DatabaseException extends StorageException {

    private final String operation;
    private final String sqlState;

    public DatabaseException(String operation, String sqlState, String message, Throwable cause) {
        super(operation + " failed" + (sqlState == null ? "" : " (SQLSTATE " + sqlState + ")") + ": " + message,
                cause);
        this.operation = operation;
        this.sqlState = sqlState;
    }

    public String operation() {
        return operation;
    }

    /** PostgreSQL's error code, when the server answered, e.g. {@code 57014} for a statement timeout. */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }
}
