package io.authstore.tools.database;

/** A database URL that is missing or cannot be understood. The message never contains a password. */
public final class DatabaseUrlException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DatabaseUrlException(String message) {
        super(message);
    }
}
