package io.authstore.storage.jooq;

import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.Convert.ulid;
import static io.authstore.storage.jooq.Convert.uuid;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Ulid;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.TableField;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Batched cleanups: a window on a timestamp column, oldest first, resumed from the last timestamp of the previous
 * batch. Ordered by the timestamp itself (an id only carries its millisecond), so that the next batch, starting at
 * the last handled timestamp, skips nothing. SKIP LOCKED leaves rows in use to a later batch.
 */
public final class Cleanups {

    private Cleanups() {}

    /** Rows whose {@code at} lies in {@code [since, until)}; {@code since} null means from the beginning. */
    public static Condition window(Field<OffsetDateTime> at, Instant since, Instant until) {
        Objects.requireNonNull(until, "until");
        Condition window = at.lt(timestamp(until));
        return since == null ? window : window.and(at.ge(timestamp(since)));
    }

    public static void requirePositive(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a cleanup batch handles at least 1 row, not " + limit);
        }
    }

    /**
     * Deletes, in one statement, up to {@code limit} rows created in {@code [since, until)} ({@code since} null: from
     * the beginning), oldest first. "Created" is read from the ULID key, which leads with its creation millisecond:
     * the primary key's index serves the range and the order, no created_at index is needed. The cursor is the last
     * deleted id's millisecond; resuming from it re-reads that millisecond, so rows sharing it are never skipped.
     */
    public static <R extends Record> Mono<Cleanup> deleteCreated(
            Statements db, String operation, TableField<R, UUID> key, Instant since, Instant until, int limit) {
        return Mono.fromRunnable(() -> requirePositive(limit))
                .thenMany(Flux.defer(() -> db.fetch(operation, deleteCreatedBatch(db.dsl(), key, since, until, limit))))
                .map(row -> ulid(row.value1()).timestamp())
                .collectList()
                .map(Cleanups::batch);
    }

    /** The statement of one {@link #deleteCreated} batch (tests EXPLAIN it). */
    public static <R extends Record> ResultQuery<Record1<UUID>> deleteCreatedBatch(
            DSLContext dsl, TableField<R, UUID> key, Instant since, Instant until, int limit) {
        Objects.requireNonNull(until, "until");
        Condition created = key.lt(uuid(Ulid.createdAtOrAfter(until)));
        if (since != null) {
            created = created.and(key.ge(uuid(Ulid.createdAtOrAfter(since))));
        }
        Table<R> table = key.getTable();
        return dsl.deleteFrom(table)
                .where(inBatch(key, dsl.select(key)
                        .from(table)
                        .where(created)
                        .orderBy(key)
                        .limit(limit)
                        .forUpdate()
                        .skipLocked()))
                .returningResult(key);
    }

    /**
     * Rows whose key the batch query picked, as {@code key = ANY(ARRAY(batch))}: the planner then fetches each by the
     * primary key, where {@code key IN (batch)} let it hash-join the batch against a sequential scan of the whole
     * table once the batch is a few hundred rows.
     */
    public static Condition inBatch(TableField<?, UUID> key, Select<? extends Record1<UUID>> batch) {
        return key.eq(DSL.any(DSL.array(batch)));
    }

    /** The batch's size, and its latest timestamp as the cursor of the next batch. */
    public static Cleanup batch(List<Instant> handled) {
        return handled.isEmpty()
                ? Cleanup.NOTHING
                : new Cleanup(handled.size(), handled.stream().max(Comparator.naturalOrder()));
    }
}
