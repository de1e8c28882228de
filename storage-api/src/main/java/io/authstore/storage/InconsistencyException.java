package io.authstore.storage;

/**
 * A stored row that cannot become a domain value, e.g. an authentication that claims to be by password and by
 * upstream provider at once. Names where to look.
 */
public final class InconsistencyException extends StorageException {

    private final String table;
    private final String column;
    private final Ulid id;

    public InconsistencyException(String table, String column, Ulid id, String problem) {
        super("inconsistent row in " + table + " (id " + id + "), column " + column + ": " + problem, null);
        this.table = table;
        this.column = column;
        this.id = id;
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }

    public Ulid id() {
        return id;
    }
}
