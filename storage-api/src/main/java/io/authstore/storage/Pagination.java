package io.authstore.storage;

import java.util.Objects;
import java.util.Optional;

/**
 * Which page of a list to fetch: the first or last {@code count} items, optionally strictly before and/or after a
 * cursor (the id of an item of a previous page). Keyset pagination on the id: no OFFSET, so a page costs the same
 * wherever it is and items added meanwhile do not shift pages.
 *
 * @param direction {@link Direction#FORWARD} for {@link #first}, {@link Direction#BACKWARD} for {@link #last}
 * @param count how many items, 1 to {@value #MAX_COUNT}
 */
public record Pagination(Direction direction, int count, Optional<Ulid> before, Optional<Ulid> after) {

    /** Larger pages are refused: a caller asking for more is almost certainly looping wrongly. */
    public static final int MAX_COUNT = 1000;

    public enum Direction { FORWARD, BACKWARD }

    public Pagination {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException(
                    "a page holds 1 to " + MAX_COUNT + " items; " + count + " were asked for");
        }
    }

    /** The first {@code count} items (in id order, i.e. oldest first). */
    public static Pagination first(int count) {
        return new Pagination(Direction.FORWARD, count, Optional.empty(), Optional.empty());
    }

    /** The last {@code count} items; the page still lists them oldest first. */
    public static Pagination last(int count) {
        return new Pagination(Direction.BACKWARD, count, Optional.empty(), Optional.empty());
    }

    /** Only items strictly before this cursor. */
    public Pagination before(Ulid cursor) {
        return new Pagination(direction, count, Optional.of(Objects.requireNonNull(cursor, "cursor")), after);
    }

    /** Only items strictly after this cursor. */
    public Pagination after(Ulid cursor) {
        return new Pagination(direction, count, before, Optional.of(Objects.requireNonNull(cursor, "cursor")));
    }
}
