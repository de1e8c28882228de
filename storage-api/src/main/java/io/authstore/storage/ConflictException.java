package io.authstore.storage;

/**
 * An insert or update would have taken a unique key that is already taken. Nothing was written, and the session it
 * happened in is still usable.
 *
 * @see #constraint() the unique constraint, e.g. {@code users_username_unique}
 */
public final class ConflictException extends StorageException {

    private final String table;
    private final String constraint;

    public ConflictException(String table, String constraint, String what) {
        super(what + " (" + table + ", unique constraint " + constraint + ")", null);
        this.table = table;
        this.constraint = constraint;
    }

    public String table() {
        return table;
    }

    public String constraint() {
        return constraint;
    }
}
