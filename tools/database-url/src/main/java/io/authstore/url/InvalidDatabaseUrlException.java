package io.authstore.url;

/** A database URL that cannot be understood. The message says what is wrong and never contains a password. */
public class InvalidDatabaseUrlException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidDatabaseUrlException(String message) {
        super(message);
    }
}
