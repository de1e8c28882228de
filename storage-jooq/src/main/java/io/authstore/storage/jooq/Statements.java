package io.authstore.storage.jooq;

import io.authstore.storage.InconsistencyException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.Ulid;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.RowCountQuery;
import org.jooq.Select;
import org.jooq.SelectConditionStep;
import org.jooq.Table;
import org.jooq.TableField;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;

/**
 * How repositories run statements in their session: each one named after its operation, timed and logged, its
 * driver errors translated, and the session rolled back when the database fails or a subscriber cancels a statement
 * before it completed. Every method is lazy: nothing runs, and no check throws, until subscription.
 */
public final class Statements {

    private final DSLContext dsl;
    private final UnitOfWork work;
    private final StatementLog log;

    Statements(DSLContext dsl, UnitOfWork work, StatementLog log) {
        this.dsl = dsl;
        this.work = work;
        this.log = log;
    }

    /** For building queries; run them with the methods below. */
    public DSLContext dsl() {
        return dsl;
    }

    /**
     * A query's rows. The statement runs to completion before the first row is passed on, so what a subscriber does
     * with the rows (take a few, fail on one) cannot interrupt it.
     */
    public <R extends Record> Flux<R> fetch(String operation, ResultQuery<R> query) {
        return fetchAll(operation, query, writes(query)).flatMapIterable(rows -> rows);
    }

    /**
     * A SELECT … FOR UPDATE (or SHARE): its locks must last until the session ends, so the transaction begins
     * first, as for a write.
     */
    public <R extends Record> Flux<R> fetchLocking(String operation, Select<R> query) {
        return fetchAll(operation, query, true).flatMapIterable(rows -> rows);
    }

    /** The rows as the one list they were buffered in, for the callers below that want a list anyway. */
    private <R extends Record> Mono<List<R>> fetchAll(String operation, ResultQuery<R> query, boolean transactional) {
        return Mono.defer(() -> {
            RowReader<R> rows = RowReader.of(query);
            return fetchAll(operation, DriverQuery.of(query), () -> rows, transactional);
        });
    }

    /** {@code rendered}'s rows, each read into a record by {@code rows}, a rendered query's or a prepared one's. */
    private <R extends Record> Mono<List<R>> fetchAll(String operation, DriverQuery rendered,
            Supplier<RowReader<R>> rows, boolean transactional) {
        return run(operation, rendered::sql, () -> rendered.fetch(work.connection(), rows.get()), List::size,
                transactional);
    }

    /** Whether a statement needs the transaction: all but plain reads (a locking read says so itself). */
    static boolean writes(Query query) {
        return !(query instanceof Select<?>);
    }

    /** A query that returns at most one row (by a key). */
    public <R extends Record> Mono<R> fetchOptional(String operation, ResultQuery<R> query) {
        return fetchAll(operation, query, writes(query)).handle((rows, sink) -> atMostOne(operation, rows, sink));
    }

    /** The row of a {@link PreparedQuery} call that returns at most one (by a key), if any; not rendered again. */
    public <R extends Record> Mono<R> fetchOptional(String operation, PreparedQuery.Call<R> call) {
        return fetchAll(operation, call).handle((rows, sink) -> atMostOne(operation, rows, sink));
    }

    /** The rows of a {@link PreparedQuery} call, as {@link #fetch(String, ResultQuery)} passes them on. */
    public <R extends Record> Flux<R> fetch(String operation, PreparedQuery.Call<R> call) {
        return fetchAll(operation, call).flatMapIterable(rows -> rows);
    }

    /** {@link #fetchLocking(String, Select)} of a {@link PreparedQuery}: the transaction begins first. */
    public <R extends Record> Flux<R> fetchLocking(String operation, PreparedQuery.Call<R> call) {
        return fetchAll(operation, call, true).flatMapIterable(rows -> rows);
    }

    private <R extends Record> Mono<List<R>> fetchAll(String operation, PreparedQuery.Call<R> call) {
        return fetchAll(operation, call, call.query().writes());
    }

    private <R extends Record> Mono<List<R>> fetchAll(String operation, PreparedQuery.Call<R> call,
            boolean transactional) {
        return fetchAll(operation, call.rendered(), call.query()::rows, transactional);
    }

    private static <R> void atMostOne(String operation, List<R> rows, SynchronousSink<R> sink) {
        if (rows.size() > 1) {
            sink.error(new IllegalStateException(operation + " expected at most one row and got " + rows.size()));
        } else if (!rows.isEmpty()) {
            sink.next(rows.getFirst());
        }
    }

    /**
     * An INSERT … RETURNING of the row whose {@code key} is {@code id}, which must come back; when it does not, the
     * database disagrees with what was sent.
     */
    public <R extends Record> Mono<R> fetchInserted(
            String operation, ResultQuery<R> insert, TableField<?, UUID> key, Ulid id) {
        return inserted(operation, fetchOptional(operation, insert), key, id);
    }

    /** {@link #fetchInserted(String, ResultQuery, TableField, Ulid)} of a {@link PreparedQuery}, not rendered again. */
    public <R extends Record> Mono<R> fetchInserted(
            String operation, PreparedQuery.Call<R> insert, TableField<?, UUID> key, Ulid id) {
        return inserted(operation, fetchOptional(operation, insert), key, id);
    }

    private static <R> Mono<R> inserted(String operation, Mono<R> row, TableField<?, UUID> key, Ulid id) {
        return row.switchIfEmpty(Mono.error(() -> new InconsistencyException(
                key.getTable().getName(), key.getName(), id, operation + " returned no row")));
    }

    /**
     * One page of a list: {@code query} (with its filter) gets the cursor condition, order and limit of
     * {@code pagination} on its ULID {@code key}; {@code keyOf} reads the key back from a row, for its cursor.
     */
    public <R extends Record> Mono<Page<R>> fetchPage(
            String operation,
            SelectConditionStep<R> query,
            Field<UUID> key,
            Function<? super R, UUID> keyOf,
            Pagination pagination) {
        return fetchAll(operation, query
                        .and(Paging.cursor(key, pagination))
                        .orderBy(Paging.order(key, pagination))
                        .limit(Paging.limit(pagination)), false)
                .map(rows -> Paging.page(rows, pagination, row -> Ulid.fromUuid(keyOf.apply(row))));
    }

    /** How many rows of {@code table} match {@code condition}. */
    public Mono<Long> count(String operation, Table<?> table, Condition condition) {
        return fetchOptional(operation, dsl.selectCount().from(table).where(condition))
                .map(row -> row.value1().longValue());
    }

    /** A statement that changes rows: how many it changed. */
    public Mono<Integer> execute(String operation, RowCountQuery query) {
        return Mono.defer(() -> execute(operation, DriverQuery.of(query)));
    }

    /** {@link #execute(String, RowCountQuery)} of a {@link PreparedQuery}, not rendered again. */
    public Mono<Integer> execute(String operation, PreparedQuery.Call<?> call) {
        return execute(operation, call.rendered());
    }

    private Mono<Integer> execute(String operation, DriverQuery rendered) {
        return run(operation, rendered::sql, () -> rendered.execute(work.connection()), rows -> rows, true);
    }

    /**
     * Runs one statement of an operation: refused once the session has ended, after beginning the transaction when
     * it is {@code transactional}, timed and logged, its database failure rolling the session back. A subscriber that
     * cancels before the statement completed leaves the transaction in an unknown state, so the session is rolled
     * back then too; a cancel after completion (a downstream error, {@code take(1)}) changes nothing.
     */
    private <T> Mono<T> run(String operation, Supplier<String> sql, Supplier<Mono<T>> statement,
            ToIntFunction<T> rowCount, boolean transactional) {
        return SessionStatement.of(work, log, operation, sql, transactional
                ? () -> work.beginTransaction().then(Mono.defer(statement))
                : statement, rowCount);
    }

    /** A state change of one row: {@link NotAffectedException} unless it changed exactly that row. */
    public Mono<Void> executeExactlyOne(String operation, RowCountQuery query, String table, Ulid id) {
        return exactlyOne(operation, execute(operation, query), table, id);
    }

    /** {@link #executeExactlyOne(String, RowCountQuery, String, Ulid)} of a {@link PreparedQuery}. */
    public Mono<Void> executeExactlyOne(String operation, PreparedQuery.Call<?> call, String table, Ulid id) {
        return exactlyOne(operation, execute(operation, call), table, id);
    }

    private static Mono<Void> exactlyOne(String operation, Mono<Integer> changed, String table, Ulid id) {
        return changed.flatMap(rows -> rows == 1
                ? Mono.empty()
                : Mono.error(new NotAffectedException(operation, table, id, rows)));
    }

    /**
     * A state change of one row. The domain value validates it ({@code transition} throws when it is not allowed and
     * returns the changed value otherwise); {@code update} binds the changed value into a prepared UPDATE whose WHERE
     * names the row and the state it must still be in, so that a concurrent change fails with
     * {@link NotAffectedException} instead of being overwritten.
     */
    public <T> Mono<T> change(String operation, Callable<T> transition,
            Function<? super T, PreparedQuery.Call<?>> update, String table, Ulid id) {
        return Mono.fromCallable(transition).flatMap(changed ->
                executeExactlyOne(operation, update.apply(changed), table, id).thenReturn(changed));
    }

    /**
     * A change of one row that answers with the row as stored afterwards, whatever the caller's copy said: a prepared
     * UPDATE … RETURNING whose WHERE names the row and the state it must be in; {@link NotAffectedException} when
     * there is no such row (deleted, or changed concurrently).
     */
    public <R extends Record> Mono<R> changeReturning(String operation, PreparedQuery.Call<R> update, String table,
            Ulid id) {
        return fetchOptional(operation, update)
                .switchIfEmpty(Mono.error(() -> new NotAffectedException(operation, table, id, 0)));
    }
}
