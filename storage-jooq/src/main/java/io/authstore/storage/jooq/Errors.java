package io.authstore.storage.jooq;

import io.authstore.storage.DatabaseException;
import io.r2dbc.spi.R2dbcException;
import java.util.concurrent.TimeoutException;

/** Driver and pool failures as {@link DatabaseException}s that say what failed and where. */
final class Errors {

    /** PostgreSQL's read_only_sql_transaction. */
    private static final String READ_ONLY_TRANSACTION = "25006";

    private Errors() {}

    /** Whether this failure came from the database or the connection (as opposed to a bug or a domain rule). */
    static boolean isDatabaseFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof R2dbcException
                    || cause instanceof org.jooq.exception.DataAccessException
                    || cause instanceof java.io.IOException
                    || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    static DatabaseException translate(String operation, Throwable error) {
        if (error instanceof DatabaseException database) {
            return database;
        }
        R2dbcException driver = find(error, R2dbcException.class);
        if (driver != null && READ_ONLY_TRANSACTION.equals(driver.getSqlState())) {
            return new DatabaseException(operation, driver.getSqlState(), describe(driver) + ": a read-only session"
                    + " (readOnly, openReadOnly) or a standby cannot write; run writes in transaction() or open()", error);
        }
        if (driver != null) {
            return new DatabaseException(operation, driver.getSqlState(), describe(driver), error);
        }
        return new DatabaseException(operation, null, describe(error), error);
    }

    static DatabaseException acquireFailed(StorageSettings settings, PoolStatus status, R2dbcException refusal,
            Throwable error) {
        boolean timedOut = find(error, TimeoutException.class) != null
                || String.valueOf(error.getMessage()).contains("timed out");
        if (refusal != null) {
            return new DatabaseException("db.open", refusal.getSqlState(), "no connection within "
                    + settings.acquireTimeout().toMillis() + " ms: " + settings.redactedUrl()
                    + " refuses new connections (" + refusal.getMessage() + ") and the pool's " + status.acquired()
                    + " open connections stayed in use; raise the server's max_connections or the role's CONNECTION"
                    + " LIMIT, or lower maxSize times the number of replicas below it", error);
        }
        if (timedOut && status.acquired() < settings.maxSize()) {
            // The pool had room: the time went into opening a connection.
            return new DatabaseException("db.open", null, "could not connect to " + settings.redactedUrl()
                    + " within " + settings.acquireTimeout().toMillis() + " ms (is the server reachable, and"
                    + " DATABASE_URL right?)", error);
        }
        if (timedOut) {
            return new DatabaseException("db.open", null, "no connection from pool '" + settings.applicationName()
                    + "' (max size " + settings.maxSize() + ", " + status.acquired() + " in use, " + status.pending()
                    + " waiting) within " + settings.acquireTimeout().toMillis()
                    + " ms: sessions are held too long (end each with save() or cancel()) or maxSize is too small",
                    error);
        }
        R2dbcException driver = find(error, R2dbcException.class);
        return new DatabaseException("db.open", driver == null ? null : driver.getSqlState(),
                "could not connect to " + settings.redactedUrl() + ": " + describe(error)
                        + " (is the server running and DATABASE_URL right?)",
                error);
    }

    private static String describe(Throwable error) {
        Throwable innermost = error;
        while (innermost.getCause() != null && innermost.getMessage() == null) {
            innermost = innermost.getCause();
        }
        String message = innermost.getMessage();
        return message == null ? innermost.getClass().getSimpleName() : message;
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
