package io.authstore.storage.jooq;

import io.r2dbc.postgresql.codec.Interval;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.EnumType;
import org.jooq.JSONB;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.postgres.extensions.types.Inet;
import org.jooq.types.DayToSecond;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A query written in jOOQ's typed DSL, run on r2dbc-postgresql directly: jOOQ renders its SQL and hands over its bind
 * values, this class binds them, and a {@link RowReader} reads each row straight into the query's own record type.
 * jOOQ's R2DBC execution does the same work with a generic result machinery that rebuilds field metadata for every
 * row, which cost several times the driver's own decoding on a page of rows.
 *
 * <p>Only the types the schema uses are converted ({@link #bindable}); anything else is passed as jOOQ gives it, and a
 * type the driver does not know fails loudly in the tests, never silently.
 */
final class DriverQuery {

    /** Renders SQL for r2dbc-postgresql: no schema prefix, one line, a placeholder for every bind value. */
    static final DSLContext RENDERER = DSL.using(SQLDialect.POSTGRES, new Settings()
            .withExecuteLogging(false)
            .withRenderSchema(false)
            .withRenderFormatted(false)
            .withParamType(ParamType.INDEXED));

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

    /** The rows, each read into a new record of the statement's type. */
    <R extends Record> Mono<List<R>> fetch(Connection connection, RowReader<R> rows) {
        return Flux.from(statement(connection).execute())
                .concatMap(result -> result.map(rows::read))
                .collectList();
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
        if (value instanceof UUID || value instanceof String) {
            return value; // most values: no pattern switch to go through
        }
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
     * PostgreSQL's text of a timestamp before year 1, in UTC (r2dbc-postgresql sends those as -infinity); {@link
     * TimestampText} reads it back.
     */
    static String beforeChristText(OffsetDateTime timestamp) {
        OffsetDateTime utc = timestamp.withOffsetSameInstant(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%04d-%02d-%02d %s+00 BC", 1 - utc.getYear(), utc.getMonthValue(),
                utc.getDayOfMonth(), utc.toLocalTime().format(DateTimeFormatter.ISO_LOCAL_TIME));
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
