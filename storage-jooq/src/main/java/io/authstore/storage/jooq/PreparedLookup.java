package io.authstore.storage.jooq;

import io.r2dbc.spi.Row;
import io.r2dbc.spi.Statement;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.ResultQuery;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jooq.impl.DSL;

/**
 * A read by one key that runs on nearly every request (a user by id, by name): written once in jOOQ's typed DSL,
 * rendered once, and run by binding the key into the same SQL text. Rendering a query costs jOOQ tens of
 * microseconds, as much as PostgreSQL spends answering it; a lookup pays it once per JVM instead of once per call.
 * Rows come back as records of the table, as from jOOQ, so the repository's mapping stays the same.
 *
 * @param <R> the table's record
 * @param <K> the key's type
 */
public final class PreparedLookup<R extends TableRecord<R>, K> {

    private final String sql;
    private final Supplier<R> newRecord;
    private final Field<?>[] columns;
    private final Class<K> keyType;
    /** Per placeholder, in order: {@link #KEY} where the key goes, or the constant the query was built with. */
    private final Object[] binds;

    private static final Object KEY = new Object();

    private PreparedLookup(String sql, Table<R> table, Supplier<R> newRecord, Class<K> keyType, Object[] binds) {
        this.sql = sql;
        this.newRecord = newRecord;
        this.columns = table.fields();
        this.keyType = keyType;
        this.binds = binds;
    }

    /**
     * @param newRecord the record's constructor ({@code Table.newRecord()} builds a configuration each time)
     * @param keyType {@code UUID.class} or {@code String.class}
     * @param query the query, given the key as a field to compare with, selecting every column of {@code table}
     */
    public static <R extends TableRecord<R>, K> PreparedLookup<R, K> of(
            Table<R> table, Supplier<R> newRecord, Class<K> keyType, Function<Field<K>, ResultQuery<R>> query) {
        // A key nobody would look up marks where the key goes among the query's bind values.
        K marker = keyType.cast(marker(keyType));
        Param<K> key = DSL.val(marker, keyType);
        ResultQuery<R> built = query.apply(key);
        if (!built.fields()[0].getName().equals(table.fields()[0].getName())
                || built.fields().length != table.fields().length) {
            throw new IllegalArgumentException("a PreparedLookup must select every column of " + table.getName());
        }
        List<Object> values = DriverQuery.RENDERER.extractBindValues(built);
        Object[] binds = values.stream().map(value -> marker.equals(value) ? KEY : value).toArray();
        String sql = DriverQuery.numberPlaceholders(DriverQuery.RENDERER.render(built), binds.length);
        return new PreparedLookup<>(sql, table, newRecord, keyType, binds);
    }

    private static Object marker(Class<?> keyType) {
        if (keyType == UUID.class) {
            return UUID.randomUUID();
        }
        if (keyType == String.class) {
            return "\u0001key:" + UUID.randomUUID();
        }
        throw new IllegalArgumentException("a PreparedLookup's key is a UUID or a String, not " + keyType);
    }

    String sql() {
        return sql;
    }

    /** Binds the key, and the constants the query was built with, in placeholder order. */
    Statement bind(Statement statement, K key) {
        Objects.requireNonNull(key, "key");
        K checked = keyType.cast(key);
        for (int i = 0; i < binds.length; i++) {
            Object value = binds[i] == KEY ? checked : binds[i];
            if (value == null) {
                throw new IllegalStateException("a PreparedLookup binds no null constant: " + sql);
            }
            statement.bind(i, binds[i] == KEY ? value : DriverQuery.bindable(value));
        }
        return statement;
    }

    /** The row as a record of the table, unchanged, as jOOQ would have fetched it. */
    R record(Row row) {
        return DriverQuery.read(row, columns, newRecord.get());
    }
}
