package io.authstore.storage.jooq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.RowCountQuery;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.TableRecord;
import org.jooq.VisitListener;
import org.jooq.impl.DSL;

/**
 * A statement of fixed shape (a read by key, an insert, a change of one row): written once in jOOQ's typed DSL with a
 * named {@link Param} ({@link #value}) wherever a call's value goes, rendered once per JVM, and run by binding each
 * call's values into the same SQL text. Rendering a small query and collecting its bind values costs jOOQ 5–13 µs of
 * client CPU, a good part of what a whole lookup costs, and rendering an insert was a fifth of the CPU of adding a
 * browser session. Rows come back as records of the statement's type, as from any other statement, so mapping them
 * stays the same.
 *
 * <p>A statement whose shape depends on the call (a filtered list) is rendered per call instead: see
 * {@link Statements#fetchPage}.
 *
 * @param <R> the record the statement returns ({@link Record} for a statement that returns none)
 */
public final class PreparedQuery<R extends Record> {

    private final Query template;
    private final String sql;
    /** How its rows become records; null for a statement without rows. */
    private final RowReader<R> rows;
    /** Per placeholder, in order: its type, and its value when it is a constant of the statement. */
    private final Class<?>[] types;
    private final Object[] constants;
    /** Per placeholder: which of a call's values goes there, or -1 for a constant. */
    private final int[] valueIndex;
    /** Per call value, in order: the parameter's name and type, for checking what a call gives. */
    private final List<Param<?>> values;

    private PreparedQuery(Query template, RowReader<R> rows) {
        this.template = template;
        this.rows = rows;
        List<Param<?>> placeholders = new ArrayList<>();
        String rendered = render(template, placeholders);
        this.sql = DriverQuery.numberPlaceholders(rendered, placeholders.size());
        this.types = new Class<?>[placeholders.size()];
        this.constants = new Object[placeholders.size()];
        this.valueIndex = new int[placeholders.size()];
        Map<String, Integer> byName = new LinkedHashMap<>();
        this.values = new ArrayList<>();
        for (int i = 0; i < placeholders.size(); i++) {
            Param<?> placeholder = placeholders.get(i);
            types[i] = placeholder.getType();
            String name = placeholder.getParamName();
            if (name == null) {
                constants[i] = placeholder.getValue();
                valueIndex[i] = -1;
                continue;
            }
            Integer index = byName.get(name);
            if (index == null) {
                index = values.size();
                byName.put(name, index);
                values.add(placeholder);
            } else if (values.get(index).getType() != placeholder.getType()) {
                throw new IllegalArgumentException("the parameter " + name + " is used as a "
                        + values.get(index).getType().getSimpleName() + " and as a "
                        + placeholder.getType().getSimpleName() + ": " + sql);
            }
            valueIndex[i] = index;
        }
    }

    /**
     * The SQL of {@code query} with a {@code ?} per bind value, and each bind value's parameter in the order they
     * occur: a parameter used twice is there twice, so each occurrence gets its call's value.
     */
    private static String render(Query query, List<Param<?>> placeholders) {
        return DSL.using(DriverQuery.RENDERER.configuration().derive(VisitListener.onVisitStart(context -> {
            if (context.renderContext() != null && context.queryPart() instanceof Param<?> param && !param.isInline()) {
                placeholders.add(param);
            }
        }))).render(query);
    }

    /** Where a call's value for {@code column} goes, named after it. */
    public static <T> Param<T> value(TableField<?, T> column) {
        return DSL.param(column.getName(), column.getDataType());
    }

    /** Where a call's value goes, named {@code name}, of {@code column}'s type: for a column given two values. */
    public static <T> Param<T> value(String name, TableField<?, T> column) {
        return DSL.param(name, column.getDataType());
    }

    /** {@code column = } a call's value for it ({@link #value}): a row by its key, or a state change's WHERE. */
    public static <T> Condition eqValue(TableField<?, T> column) {
        return column.eq(value(column));
    }

    /**
     * {@code INSERT INTO table (columns…) VALUES (…)} with a named parameter ({@link #value}) for each column: a
     * call's values come in the order of {@code columns}. Go on with {@code onConflict…} and {@code returning()}.
     */
    @SafeVarargs
    public static <R extends Record> InsertValuesStepN<R> insertInto(Table<R> table, TableField<R, ?>... columns) {
        return DSL.insertInto(table, columns).values(Arrays.stream(columns)
                .<Field<?>>map(PreparedQuery::value)
                .toList());
    }

    /**
     * A statement that returns rows (a select, or a write with {@code returning()}), built with a named parameter
     * ({@link #value}) wherever a call's value goes; a name used more than once takes the same value everywhere.
     */
    public static <R extends Record> PreparedQuery<R> of(ResultQuery<R> query) {
        return new PreparedQuery<>(query, RowReader.of(query));
    }

    /** A statement that returns no rows, only how many it changed (an update, a delete). */
    public static PreparedQuery<Record> of(RowCountQuery query) {
        return new PreparedQuery<>(query, null);
    }

    /** Every column of {@code table}'s row whose {@code key} is a call's value: a repository's {@code lookup}. */
    public static <R extends TableRecord<R>, K> PreparedQuery<R> lookup(Table<R> table, TableField<R, K> key) {
        return of(DSL.selectFrom(table).where(eqValue(key)));
    }

    /**
     * This statement with a call's values, one per parameter name in the order the names first occur in the
     * statement (for an insert, the order of its {@code set}s); null for NULL.
     */
    public Call<R> with(Object... callValues) {
        if (callValues.length != values.size()) {
            throw new IllegalArgumentException("expected " + values.size() + " values ("
                    + values.stream().map(Param::getParamName).toList() + "), got " + callValues.length + ": " + sql);
        }
        for (int i = 0; i < callValues.length; i++) {
            Param<?> value = values.get(i);
            if (callValues[i] != null && !value.getType().isInstance(callValues[i])) {
                throw new IllegalArgumentException(value.getParamName() + " takes a "
                        + value.getType().getSimpleName() + ", not a " + callValues[i].getClass().getSimpleName());
            }
        }
        Object[] bound = new Object[valueIndex.length];
        for (int i = 0; i < bound.length; i++) {
            bound[i] = valueIndex[i] < 0 ? constants[i] : callValues[valueIndex[i]];
        }
        return new Call<>(this, DriverQuery.rendered(sql, bound, types));
    }

    String sql() {
        return sql;
    }

    RowReader<R> rows() {
        if (rows == null) {
            throw new IllegalStateException("this statement returns no rows; run it with execute: " + sql);
        }
        return rows;
    }

    /** Whether the statement needs the transaction, by the rule every statement follows. */
    boolean writes() {
        return Statements.writes(template);
    }

    /** One call of a {@link PreparedQuery}, its values bound: run it with {@link Statements}. */
    public record Call<R extends Record>(PreparedQuery<R> query, DriverQuery rendered) {}
}
