package io.authstore.storage.jooq;

import io.r2dbc.spi.Readable;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.util.function.Supplier;
import org.jooq.EnumType;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.TableRecord;
import org.jooq.postgres.extensions.types.Inet;

/**
 * How the rows of one statement become records of its type: the columns it returns, their types and how to make an
 * empty record, worked out once per statement ({@link PreparedQuery}) or per call, not per row. A row costs one driver
 * read per column and one record.
 *
 * <p>Only the types the schema uses are converted ({@link #value}); anything else is read as the
 * driver gives it, and a type the driver does not know fails loudly in the tests, never silently.
 */
final class RowReader<R extends Record> {

    private static final ClassValue<Supplier<Record>> RECORD_CONSTRUCTORS = new ClassValue<>() {
        @Override
        protected Supplier<Record> computeValue(Class<?> type) {
            return tableRecordConstructor(type);
        }
    };

    private final Field<?>[] columns;
    private final Class<?>[] types;
    private final Supplier<R> newRecord;

    private RowReader(Field<?>[] columns, Supplier<R> newRecord) {
        this.columns = columns;
        this.newRecord = newRecord;
        this.types = new Class<?>[columns.length];
        for (int i = 0; i < columns.length; i++) {
            types[i] = columns[i].getType();
        }
    }

    /** The rows of {@code query}: a generated record's own constructor where it has one. */
    @SuppressWarnings("unchecked")
    static <R extends Record> RowReader<R> of(ResultQuery<R> query) {
        Field<?>[] columns = columns(query);
        Supplier<Record> tableRecord = RECORD_CONSTRUCTORS.get(query.getRecordType());
        return new RowReader<>(columns, tableRecord != null
                ? (Supplier<R>) tableRecord
                : () -> (R) DriverQuery.RENDERER.newRecord(columns));
    }

    /**
     * The columns a query returns, as it names them. {@code Select.fields()} would requalify a join's columns with
     * a derived table's alias, and {@code into(table)} could then no longer tell {@code users.created_at} from
     * {@code user_sessions.created_at}.
     */
    @SuppressWarnings("deprecation")
    private static Field<?>[] columns(ResultQuery<?> query) {
        return query instanceof Select<?> select ? select.getSelect().toArray(Field<?>[]::new) : query.fields();
    }

    /**
     * A new record with the row's columns, as jOOQ would have fetched it. Each is set through its own field, which a
     * join's record tells apart from another column of the same name ({@code users.created_at},
     * {@code user_sessions.created_at}); {@code Record.fromArray} would convert every value again, at several times
     * the cost.
     */
    @SuppressWarnings("unchecked")
    R read(Readable row) {
        R record = newRecord.get();
        // Attached to settings, a record need not make a default configuration (cloning jOOQ's whole Settings) to
        // look up whether a primary key's value may change, as a detached one does when its key is set.
        record.attach(DriverQuery.RENDERER.configuration());
        for (int i = 0; i < columns.length; i++) {
            record.set((Field<Object>) columns[i], value(row, i, types[i]));
        }
        record.changed(false);
        return record;
    }

    private static Object value(Readable row, int index, Class<?> type) {
        if (type == Inet.class) {
            return Convert.inet(row.get(index, InetAddress.class));
        }
        if (type == JSONB.class) {
            String json = row.get(index, String.class);
            return json == null ? null : JSONB.valueOf(json);
        }
        if (type.isEnum() && EnumType.class.isAssignableFrom(type)) {
            String literal = row.get(index, String.class);
            return literal == null ? null : enumConstant(type, literal);
        }
        return row.get(index, type);
    }

    /** The constant of a generated enum type whose literal is {@code literal}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> type, String literal) {
        return EnumType.lookupLiteral((Class) type, literal);
    }

    /**
     * A generated table record's public constructor, as a {@link Supplier} the JIT compiles to a plain {@code new}
     * (a method handle held in a field is invoked without inlining, which cost about 1 % of a lookup); null for
     * jOOQ's own record types, made from the fields.
     */
    @SuppressWarnings("unchecked")
    private static Supplier<Record> tableRecordConstructor(Class<?> type) {
        if (!TableRecord.class.isAssignableFrom(type)) {
            return null;
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle constructor = lookup.findConstructor(type, MethodType.methodType(void.class));
            return (Supplier<Record>) LambdaMetafactory.metafactory(lookup, "get",
                            MethodType.methodType(Supplier.class), MethodType.methodType(Object.class), constructor,
                            MethodType.methodType(type))
                    .getTarget()
                    .invoke();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot make records of " + type.getSimpleName(), e);
        }
    }
}
