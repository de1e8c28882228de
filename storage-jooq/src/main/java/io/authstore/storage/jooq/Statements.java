package io.authstore.storage.jooq;

import io.authstore.storage.InconsistencyException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Ulid;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.RowCountQuery;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How repositories run statements in their session: each one named after its operation, timed and logged, its
 * driver errors translated, and the session rolled back when the database fails or a subscriber cancels midway.
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

    public <R extends Record> Flux<R> fetch(String operation, ResultQuery<R> query) {
        return Flux.defer(() -> {
                    work.requireOpen(operation);
                    work.statementStarted();
                    long start = System.nanoTime();
                    long[] rows = {0};
                    return Flux.from(query)
                            .doFinally(signal -> work.statementEnded())
                            .doOnNext(row -> rows[0]++)
                            .doOnComplete(() -> log.completed(operation, query, rows[0], System.nanoTime() - start))
                            .onErrorResume(error -> failed(operation, query, start, error))
                            .doOnCancel(() -> work.rollbackInBackground(operation + " was cancelled midway"));
                })
                .name(operation);
    }

    /** A query that returns at most one row (by a key). */
    public <R extends Record> Mono<R> fetchOptional(String operation, ResultQuery<R> query) {
        return fetch(operation, query).collectList().flatMap(rows -> {
            if (rows.size() > 1) {
                return Mono.error(new IllegalStateException(
                        operation + " expected at most one row and got " + rows.size()));
            }
            return rows.isEmpty() ? Mono.empty() : Mono.just(rows.getFirst());
        });
    }

    /** An INSERT … RETURNING that must give its row back; when it does not, the database disagrees with us. */
    public <R extends Record> Mono<R> fetchInserted(String operation, ResultQuery<R> insert, String table, Ulid id) {
        return fetchOptional(operation, insert).switchIfEmpty(Mono.error(() ->
                new InconsistencyException(table, "*", id, operation + " returned no row")));
    }

    /** A statement that changes rows: how many it changed. */
    public Mono<Integer> execute(String operation, RowCountQuery query) {
        return Mono.defer(() -> {
                    work.requireOpen(operation);
                    work.statementStarted();
                    long start = System.nanoTime();
                    return Mono.from(query)
                            .doFinally(signal -> work.statementEnded())
                            .doOnNext(rows -> log.completed(operation, query, rows, System.nanoTime() - start))
                            .onErrorResume(error -> failed(operation, query, start, error))
                            .doOnCancel(() -> work.rollbackInBackground(operation + " was cancelled midway"));
                })
                .name(operation);
    }

    /** A state change of one row: {@link NotAffectedException} unless it changed exactly that row. */
    public Mono<Void> executeExactlyOne(String operation, RowCountQuery query, String table, Ulid id) {
        return execute(operation, query).flatMap(rows -> rows == 1
                ? Mono.empty()
                : Mono.error(new NotAffectedException(operation, table, id, rows)));
    }

    private <T> Mono<T> failed(String operation, Query query, long start, Throwable error) {
        log.failed(operation, query, System.nanoTime() - start, error);
        if (!Errors.isDatabaseFailure(error)) {
            return Mono.error(error);
        }
        return work.rollback("rolled back because " + operation + " failed")
                .then(Mono.error(Errors.translate(operation, error)));
    }
}
