package io.authstore.storage.jooq;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Param;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.TableField;
import org.jooq.impl.DSL;

/**
 * A statement of fixed shape on the hot path with several values per call (an INSERT … RETURNING): written once in
 * jOOQ's typed DSL with a named {@link Param} ({@link #value}) wherever a call's value goes, rendered once, and run by
 * binding each call's values into the same SQL text. Rendering an insert and collecting its
 * bind values cost jOOQ about a fifth of the client's CPU for adding a browser session; {@link PreparedLookup} is the
 * same for a read by one key.
 *
 * @param <R> the record the statement returns
 */
public final class PreparedQuery<R extends Record> {

    private final ResultQuery<R> template;
    private final String sql;
    /** Per placeholder, in order: the parameter as rendered (for its type, and its value when it is a constant). */
    private final List<Param<?>> placeholders;
    /** Per placeholder: which of a call's values goes there, or -1 for a constant of the statement. */
    private final int[] valueIndex;
    private final int valueCount;

    private PreparedQuery(ResultQuery<R> template, String sql, List<Param<?>> placeholders, int[] valueIndex,
            int valueCount) {
        this.template = template;
        this.sql = sql;
        this.placeholders = placeholders;
        this.valueIndex = valueIndex;
        this.valueCount = valueCount;
    }

    /** Where a call's value for {@code column} goes, named after it: {@code DSL.param(column's name, its type)}. */
    public static <T> Param<T> value(TableField<?, T> column) {
        return DSL.param(column.getName(), column.getDataType());
    }

    /**
     * @param query the statement, built with a named parameter ({@link #value}) wherever a call's value goes, each name
     *     used once
     */
    public static <R extends Record> PreparedQuery<R> of(ResultQuery<R> query) {
        DriverQuery rendered;
        try {
            rendered = DriverQuery.of(query);
        } catch (IllegalArgumentException e) {
            // jOOQ hands over one value per parameter name, so a name used twice leaves a placeholder without one
            throw new IllegalArgumentException("a PreparedQuery takes each named parameter once: " + e.getMessage(), e);
        }
        List<Param<?>> placeholders = rendered.params();
        int[] valueIndex = new int[placeholders.size()];
        int valueCount = 0;
        for (int i = 0; i < placeholders.size(); i++) {
            valueIndex[i] = placeholders.get(i).getParamName() == null ? -1 : valueCount++;
        }
        return new PreparedQuery<>(query, rendered.sql(), placeholders, valueIndex, valueCount);
    }

    /**
     * This statement with a call's values, one per named parameter in the order they occur in the statement (for an
     * insert, the order of its {@code set}s); null for NULL.
     */
    public Call<R> with(Object... callValues) {
        if (callValues.length != valueCount) {
            throw new IllegalArgumentException("expected " + valueCount + " values, got " + callValues.length
                    + ": " + sql);
        }
        List<Param<?>> bound = new ArrayList<>(placeholders.size());
        for (int i = 0; i < placeholders.size(); i++) {
            Param<?> placeholder = placeholders.get(i);
            bound.add(valueIndex[i] < 0 ? placeholder : value(placeholder, callValues[valueIndex[i]]));
        }
        return new Call<>(template, DriverQuery.rendered(sql, bound));
    }

    private static <T> Param<T> value(Param<T> placeholder, Object value) {
        if (value != null && !placeholder.getType().isInstance(value)) {
            throw new IllegalArgumentException(placeholder.getParamName() + " takes a "
                    + placeholder.getType().getSimpleName() + ", not a " + value.getClass().getSimpleName());
        }
        return DSL.val(placeholder.getType().cast(value), placeholder.getDataType());
    }

    /** One call of a {@link PreparedQuery}: run it with {@link Statements}. */
    public record Call<R extends Record>(ResultQuery<R> template, DriverQuery rendered) {}
}
