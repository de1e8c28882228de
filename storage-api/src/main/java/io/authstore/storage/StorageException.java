package io.authstore.storage;

/**
 * A failure of the storage layer a caller can tell apart and act on. Messages name tables, columns, constraints and
 * ids, never bound values that could be secrets (passwords, tokens).
 */
public abstract sealed class StorageException extends RuntimeException
        permits ConflictException, NotAffectedException, InvalidTransitionException, InconsistencyException,
                DatabaseException {

    protected StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
