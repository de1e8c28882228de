package io.authstore.storage.jooq;

import static io.authstore.storage.jooq.Convert.instant;
import static io.authstore.storage.jooq.Convert.timestamp;

import io.authstore.storage.Cleanup;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableField;
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
     * Deletes, in one statement, up to {@code limit} rows matching {@code condition} with {@code at} in the window,
     * oldest first.
     */
    public static <R extends Record> Mono<Cleanup> delete(
            Statements db,
            String operation,
            TableField<R, UUID> key,
            TableField<R, OffsetDateTime> at,
            Condition condition,
            Instant since,
            Instant until,
            int limit) {
        return Mono.fromRunnable(() -> requirePositive(limit)).then(Mono.defer(() -> {
            Table<R> table = key.getTable();
            DSLContext dsl = db.dsl();
            return db.fetch(operation, dsl.deleteFrom(table)
                            .where(key.in(dsl.select(key)
                                    .from(table)
                                    .where(window(at, since, until))
                                    .and(condition)
                                    .orderBy(at, key)
                                    .limit(limit)
                                    .forUpdate()
                                    .skipLocked()))
                            .returningResult(at))
                    .map(row -> instant(row.value1()))
                    .collectList()
                    .map(Cleanups::batch);
        }));
    }

    /** The batch's size, and its latest timestamp as the cursor of the next batch. */
    public static Cleanup batch(List<Instant> handled) {
        return handled.isEmpty()
                ? Cleanup.NOTHING
                : new Cleanup(handled.size(), handled.stream().max(Comparator.naturalOrder()));
    }
}
