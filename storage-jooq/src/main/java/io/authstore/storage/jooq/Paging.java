package io.authstore.storage.jooq;

import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.Ulid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * Keyset pagination on a ULID key: the cursor condition, the order and the limit of the query, then the page from
 * its rows. One more row than asked for is fetched to learn whether another page follows.
 */
public final class Paging {

    private Paging() {}

    /** Rows strictly between the pagination's cursors. */
    public static Condition cursor(Field<UUID> key, Pagination pagination) {
        Condition condition = DSL.noCondition();
        if (pagination.after().isPresent()) {
            condition = condition.and(key.gt(pagination.after().get().toUuid()));
        }
        if (pagination.before().isPresent()) {
            condition = condition.and(key.lt(pagination.before().get().toUuid()));
        }
        return condition;
    }

    /** Ascending for {@code first(n)}, descending for {@code last(n)} (the page is put back in order after). */
    public static SortField<UUID> order(Field<UUID> key, Pagination pagination) {
        return pagination.direction() == Pagination.Direction.FORWARD ? key.asc() : key.desc();
    }

    public static int limit(Pagination pagination) {
        return pagination.count() + 1;
    }

    /** The page from rows fetched with {@link #order} and {@link #limit}. */
    public static <T> Page<T> page(List<T> rows, Pagination pagination, Function<? super T, Ulid> cursorOf) {
        boolean full = rows.size() > pagination.count();
        List<T> items = new ArrayList<>(full ? rows.subList(0, pagination.count()) : rows);
        boolean forward = pagination.direction() == Pagination.Direction.FORWARD;
        if (!forward) {
            Collections.reverse(items);
        }
        return new Page<>(
                items.stream().map(item -> new Page.Edge<T>(cursorOf.apply(item), item)).toList(),
                forward && full,
                !forward && full);
    }
}
