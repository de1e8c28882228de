package io.authstore.storage.jooq;

import io.r2dbc.postgresql.codec.Interval;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.EnumType;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.SQLDialect;
import org.jooq.TableRecord;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.postgres.extensions.types.Inet;
import org.jooq.types.DayToSecond;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A query written in jOOQ's typed DSL, run on r2dbc-postgresql directly: jOOQ renders its SQL and hands over its bind
 * values, this class binds them and reads each row straight into the query's own record type. jOOQ's R2DBC
 * execution does the same work with a generic result machinery that rebuilds field metadata for every row, which
 * cost several times the driver's own decoding on a page of rows; here a row costs one driver read per column.
 *
 * <p>Only the types the schema uses are converted (see {@link #bindable} and {@link #read}); anything else is passed
 * as jOOQ gives it, and a type the driver does not know fails loudly in the tests, never silently.
 */
final class DriverQuery {

    /** Renders SQL for r2dbc-postgresql: no schema prefix, one line, a placeholder for every bind value. */
    static final DSLContext RENDERER = DSL.using(SQLDialect.POSTGRES, new Settings()
            .withExecuteLogging(false)
            .withRenderSchema(false)
            .withRenderFormatted(false)
            .withParamType(ParamType.INDEXED));

    private static final ClassValue<Supplier<Record>> RECORD_CONSTRUCTORS = new ClassValue<>() {
        @Override
        protected Supplier<Record> computeValue(Class<?> type) {
            return tableRecordConstructor(type);
        }
    };

    private final String sql;
    /** Per placeholder, in order: the value as jOOQ holds it (null for NULL), and its type (for a NULL's type). */
    private final Object[] values;
    private final Class<?>[] types;

    private DriverQuery(String sql, Object[] values, Class<?>[] types) {
        this.sql = sql;
        this.values = values;
        this.types = types;
    }

    /** Renders {@code query} once for this execution. */
    static DriverQuery of(Query query) {
        List<Param<?>> params = RENDERER.extractParams(query).values().stream()
                .filter(param -> !param.isInline())
                .<Param<?>>map(param -> param)
                .toList();
        Object[] values = new Object[params.size()];
        Class<?>[] types = new Class<?>[params.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = params.get(i).getValue();
            types[i] = params.get(i).getType();
        }
        return new DriverQuery(numberPlaceholders(RENDERER.render(query), values.length), values, types);
    }

    /** A statement rendered before ({@link PreparedQuery}), with this call's values, one per placeholder. */
    static DriverQuery rendered(String sql, Object[] values, Class<?>[] types) {
        return new DriverQuery(sql, values, types);
    }

    String sql() {
        return sql;
    }

    /** Per placeholder, in order, its value. */
    List<Object> values() {
        return Arrays.asList(values);
    }

    /** The statement on {@code connection}, its values bound. */
    Statement statement(Connection connection) {
        Statement statement = connection.createStatement(sql);
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                statement.bindNull(i, nullType(types[i]));
            } else {
                statement.bind(i, bindable(value));
            }
        }
        return statement;
    }

    /** The rows of {@code query} (this one, rendered), each read into the query's record type. */
    <R extends Record> Mono<List<R>> fetch(Connection connection, ResultQuery<R> query) {
        Field<?>[] fields = columns(query);
        return fetch(connection, fields, recordFactory(query, fields));
    }

    /** The rows, each read into a new record ({@code newRecord}) of {@code columns}. */
    <R extends Record> Mono<List<R>> fetch(Connection connection, Field<?>[] columns, Supplier<R> newRecord) {
        return Flux.from(statement(connection).execute())
                .concatMap(result -> result.map(row -> read(row, columns, newRecord.get())))
                .collectList();
    }

    /**
     * The columns a query returns, as it names them. {@code Select.fields()} would requalify a join's columns with
     * a derived table's alias, and {@code into(table)} could then no longer tell {@code users.created_at} from
     * {@code user_sessions.created_at}.
     */
    @SuppressWarnings("deprecation")
    static Field<?>[] columns(ResultQuery<?> query) {
        return query instanceof Select<?> select ? select.getSelect().toArray(Field<?>[]::new) : query.fields();
    }

    /** How many rows a statement that returns none changed. */
    Mono<Integer> execute(Connection connection) {
        return Flux.from(statement(connection).execute())
                .concatMap(result -> result.getRowsUpdated())
                .reduce(0L, Long::sum)
                .map(Math::toIntExact);
    }

    /** The values jOOQ holds, as r2dbc-postgresql binds them. */
    static Object bindable(Object value) {
        return switch (value) {
            case EnumType enumValue -> enumValue.getLiteral();
            case Inet inet -> inet.toString();
            case JSONB json -> Json.of(json.data());
            case DayToSecond interval -> Interval.of(interval.toDuration());
            // r2dbc-postgresql sends these as -infinity; PostgreSQL's text form keeps them
            case OffsetDateTime timestamp when timestamp.getYear() <= 0 -> beforeChristText(timestamp);
            case Object[] array when array instanceof EnumType[] -> Arrays.stream(array)
                    .map(element -> element == null ? null : ((EnumType) element).getLiteral())
                    .toArray(String[]::new);
            default -> value;
        };
    }

    private static Class<?> nullType(Class<?> type) {
        if (EnumType.class.isAssignableFrom(type) || type == Inet.class) {
            return String.class;
        }
        if (type == JSONB.class) {
            return Json.class;
        }
        if (type == DayToSecond.class) {
            return Interval.class;
        }
        return type;
    }

    /**
     * {@code record} with the row's columns, in the order of {@code fields}, as jOOQ would have fetched it. Each is set
     * through its own field, which a join's record tells apart from another column of the same name
     * ({@code users.created_at}, {@code user_sessions.created_at}); {@code Record.fromArray} would convert every value
     * again, at several times the cost.
     */
    @SuppressWarnings("unchecked")
    static <R extends Record> R read(Readable row, Field<?>[] fields, R record) {
        // Attached to settings, a record need not make a default configuration (cloning jOOQ's whole Settings) to
        // look up whether a primary key's value may change, as a detached one does when its key is set.
        record.attach(RENDERER.configuration());
        for (int i = 0; i < fields.length; i++) {
            record.set((Field<Object>) fields[i], read(row, i, fields[i].getType()));
        }
        record.changed(false);
        return record;
    }

    static Object read(Readable row, int index, Class<?> type) {
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
     * PostgreSQL's text of a timestamp before year 1, in UTC (r2dbc-postgresql sends those as -infinity); {@link
     * TimestampText} reads it back.
     */
    static String beforeChristText(OffsetDateTime timestamp) {
        OffsetDateTime utc = timestamp.withOffsetSameInstant(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%04d-%02d-%02d %s+00 BC", 1 - utc.getYear(), utc.getMonthValue(),
                utc.getDayOfMonth(), utc.toLocalTime().format(DateTimeFormatter.ISO_LOCAL_TIME));
    }

    /** How to make an empty record of {@code query}'s type: a generated record's own constructor where it has one. */
    @SuppressWarnings("unchecked")
    static <R extends Record> Supplier<R> recordFactory(ResultQuery<R> query, Field<?>[] fields) {
        Supplier<Record> tableRecord = RECORD_CONSTRUCTORS.get(query.getRecordType());
        if (tableRecord != null) {
            return (Supplier<R>) tableRecord;
        }
        return () -> (R) RENDERER.newRecord(fields);
    }

    /** A generated table record's public constructor; null for jOOQ's own record types, made from the fields. */
    private static Supplier<Record> tableRecordConstructor(Class<?> type) {
        if (!TableRecord.class.isAssignableFrom(type)) {
            return null;
        }
        try {
            MethodHandle constructor = MethodHandles.publicLookup()
                    .findConstructor(type, MethodType.methodType(void.class));
            return () -> {
                try {
                    return (Record) constructor.invoke();
                } catch (Throwable e) {
                    throw new IllegalStateException("cannot create a " + type.getSimpleName(), e);
                }
            };
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    /** JDBC-style {@code ?} to PostgreSQL's {@code $1, $2…}, outside quoted names and literals. */
    static String numberPlaceholders(String sql, int expected) {
        StringBuilder numbered = new StringBuilder(sql.length() + 8);
        char quote = 0;
        int count = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '?') {
                numbered.append('$').append(++count);
                continue;
            }
            numbered.append(c);
        }
        if (count != expected) {
            throw new IllegalArgumentException(
                    "expected " + expected + " placeholders, found " + count + " in: " + sql);
        }
        return numbered.toString();
    }
}
