package io.authstore.storage;

/**
 * A state change had to touch exactly one row and touched some other number: the row was deleted, or changed by
 * someone else since it was read. Nothing was changed.
 */
public final class NotAffectedException extends StorageException {

    private final String operation;
    private final long rows;

    public NotAffectedException(String operation, String table, Ulid id, long rows) {
        super(operation + " had to change exactly one row of " + table + " (id " + id + ") but changed " + rows
                + (rows == 0 ? ": it no longer exists, or was changed concurrently; read it again" : ""), null);
        this.operation = operation;
        this.rows = rows;
    }

    public String operation() {
        return operation;
    }

    public long rows() {
        return rows;
    }
}
