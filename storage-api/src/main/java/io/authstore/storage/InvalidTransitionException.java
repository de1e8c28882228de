package io.authstore.storage;

/**
 * A state change that the entity's current state does not allow, e.g. finishing a browser session that is already
 * finished. Raised before anything is sent to the database.
 */
public final class InvalidTransitionException extends StorageException {

    public InvalidTransitionException(String entity, Ulid id, String transition, String reason) {
        super("cannot " + transition + " " + entity + " " + id + ": " + reason, null);
    }

    /** Throws unless the transition is allowed; how domain values guard their state changes. */
    public static void check(boolean allowed, String entity, Ulid id, String transition, String reason) {
        if (!allowed) {
            throw new InvalidTransitionException(entity, id, transition, reason);
        }
    }
}
