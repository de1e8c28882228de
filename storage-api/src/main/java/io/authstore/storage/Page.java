package io.authstore.storage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a list, oldest first, each item with its cursor.
 *
 * <p>As in Relay (and MAS), a page fetched {@link Pagination#first forward} knows whether there is a next page and a
 * page fetched {@link Pagination#last backward} knows whether there is a previous one; the other flag is
 * {@code false} rather than costing a second query.
 */
public record Page<T>(List<Edge<T>> edges, boolean hasNextPage, boolean hasPreviousPage) {

    /** An item and the cursor to pass to {@link Pagination#after}/{@link Pagination#before} to continue from it. */
    public record Edge<T>(Ulid cursor, T node) {
        public Edge {
            Objects.requireNonNull(cursor, "cursor");
            Objects.requireNonNull(node, "node");
        }
    }

    public Page {
        edges = List.copyOf(edges);
    }

    public List<T> items() {
        return edges.stream().map(Edge::node).toList();
    }

    public Optional<Ulid> startCursor() {
        return edges.isEmpty() ? Optional.empty() : Optional.of(edges.getFirst().cursor());
    }

    public Optional<Ulid> endCursor() {
        return edges.isEmpty() ? Optional.empty() : Optional.of(edges.getLast().cursor());
    }

    public <U> Page<U> map(Function<? super T, ? extends U> mapper) {
        return new Page<>(
                edges.stream().<Edge<U>>map(edge -> new Edge<>(edge.cursor(), mapper.apply(edge.node()))).toList(),
                hasNextPage,
                hasPreviousPage);
    }
}
