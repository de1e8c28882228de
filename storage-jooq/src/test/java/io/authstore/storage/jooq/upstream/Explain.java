package io.authstore.storage.jooq.upstream;

import io.authstore.storage.jooq.testing.TestStorage;
import java.util.stream.Collectors;
import org.jooq.Query;

/** The plan PostgreSQL chooses for a query the repositories build, with its values inlined as the test gives them. */
final class Explain {

    private Explain() {}

    static String plan(TestStorage storage, Query query) {
        String sql = storage.sql().renderInlined(query);
        return storage.sql().fetch("EXPLAIN " + sql).stream()
                .map(row -> String.valueOf(row.get(0)))
                .collect(Collectors.joining("\n"));
    }
}
