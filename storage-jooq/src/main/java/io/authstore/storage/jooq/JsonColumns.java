package io.authstore.storage.jooq;

import io.authstore.storage.InconsistencyException;
import io.authstore.storage.JsonValue;
import io.authstore.storage.Ulid;
import java.util.Optional;
import org.jooq.JSONB;

/**
 * Between {@link JsonValue}s and jsonb columns (jOOQ's {@link JSONB}). A value goes in as its text, already checked
 * to be valid JSON that jsonb can hold, so the server never refuses it; what comes back is jsonb's own rendering.
 */
public final class JsonColumns {

    private JsonColumns() {}

    public static JSONB jsonb(JsonValue value) {
        return value == null ? null : JSONB.valueOf(value.text());
    }

    public static JSONB jsonb(Optional<JsonValue> value) {
        return jsonb(value.orElse(null));
    }

    /** The column's value; a value that does not parse (which jsonb should never return) is an inconsistency. */
    public static JsonValue value(JSONB column, String table, String name, Ulid id) {
        if (column == null) {
            throw new InconsistencyException(table, name, id, "is NULL");
        }
        return parse(column, table, name, id);
    }

    public static Optional<JsonValue> optionalValue(JSONB column, String table, String name, Ulid id) {
        return column == null ? Optional.empty() : Optional.of(parse(column, table, name, id));
    }

    private static JsonValue parse(JSONB column, String table, String name, Ulid id) {
        try {
            return JsonValue.parse(column.data());
        } catch (IllegalArgumentException e) {
            throw new InconsistencyException(table, name, id, e.getMessage());
        }
    }
}
