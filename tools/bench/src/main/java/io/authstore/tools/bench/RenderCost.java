package io.authstore.tools.bench;

import static io.authstore.snapshot.Tables.COMPAT_SESSIONS;
import static io.authstore.snapshot.Tables.USERS;
import static io.authstore.snapshot.Tables.USER_EMAILS;
import static io.authstore.snapshot.Tables.USER_SESSIONS;

import io.authstore.storage.jooq.PreparedQuery;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * What a statement costs the client before it is sent, per call: rendered by jOOQ each time (what a query built per
 * call costs: its SQL and its bind values) against a {@link PreparedQuery} bound with the call's values. No database
 * is involved; the figures say which statements are worth preparing (README, "Writing a repository that is fast").
 *
 * <p>{@code java -cp "$(cat tools/bench/target/classpath.txt):tools/bench/target/classes"
 * io.authstore.tools.bench.RenderCost}
 */
public final class RenderCost {

    /** Rendered as authstore renders a query per call: no schema, one line, a placeholder per bind value. */
    private static final DSLContext RENDERER = DSL.using(SQLDialect.POSTGRES, new Settings()
            .withExecuteLogging(false)
            .withRenderSchema(false)
            .withRenderFormatted(false)
            .withParamType(ParamType.INDEXED));
    private static final int CALLS = 20_000;
    private static final int WINDOWS = 7;

    private static volatile Object sink;

    private RenderCost() {}

    public static void main(String[] args) {
        System.out.println("statement, client CPU per call before sending: rendered per call / PreparedQuery bound"
                + " (median of " + WINDOWS + " windows of " + CALLS + " calls)");

        PreparedQuery<?> lookup = PreparedQuery.lookup(USER_EMAILS, USER_EMAILS.USER_EMAIL_ID);
        compare("lookup by id",
                () -> DSL.selectFrom(USER_EMAILS).where(USER_EMAILS.USER_EMAIL_ID.eq(UUID.randomUUID())),
                () -> lookup.with(UUID.randomUUID()));

        PreparedQuery<?> add = PreparedQuery.of(DSL.insertInto(USER_EMAILS)
                .set(USER_EMAILS.USER_EMAIL_ID, PreparedQuery.value(USER_EMAILS.USER_EMAIL_ID))
                .set(USER_EMAILS.USER_ID, PreparedQuery.value(USER_EMAILS.USER_ID))
                .set(USER_EMAILS.EMAIL, PreparedQuery.value(USER_EMAILS.EMAIL))
                .set(USER_EMAILS.CREATED_AT, PreparedQuery.value(USER_EMAILS.CREATED_AT))
                .returning());
        compare("insert … returning, 4 values",
                () -> DSL.insertInto(USER_EMAILS)
                        .set(USER_EMAILS.USER_EMAIL_ID, UUID.randomUUID())
                        .set(USER_EMAILS.USER_ID, UUID.randomUUID())
                        .set(USER_EMAILS.EMAIL, "someone@example.com")
                        .set(USER_EMAILS.CREATED_AT, OffsetDateTime.now())
                        .returning(),
                () -> add.with(UUID.randomUUID(), UUID.randomUUID(), "someone@example.com", OffsetDateTime.now()));

        PreparedQuery<?> finish = PreparedQuery.of(DSL.update(COMPAT_SESSIONS)
                .set(COMPAT_SESSIONS.FINISHED_AT, PreparedQuery.value(COMPAT_SESSIONS.FINISHED_AT))
                .where(COMPAT_SESSIONS.COMPAT_SESSION_ID.eq(PreparedQuery.value(COMPAT_SESSIONS.COMPAT_SESSION_ID)))
                .and(COMPAT_SESSIONS.FINISHED_AT.isNull()));
        compare("state change of one row",
                () -> DSL.update(COMPAT_SESSIONS)
                        .set(COMPAT_SESSIONS.FINISHED_AT, OffsetDateTime.now())
                        .where(COMPAT_SESSIONS.COMPAT_SESSION_ID.eq(UUID.randomUUID()))
                        .and(COMPAT_SESSIONS.FINISHED_AT.isNull()),
                () -> finish.with(OffsetDateTime.now(), UUID.randomUUID()));

        measure("filtered page of 50 with users (per call)",
                () -> render(DSL.select(USER_SESSIONS.fields()).select(USERS.fields())
                        .from(USER_SESSIONS)
                        .join(USERS).on(USERS.USER_ID.eq(USER_SESSIONS.USER_ID))
                        .where(USER_SESSIONS.FINISHED_AT.isNull())
                        .and(USER_SESSIONS.USER_ID.eq(UUID.randomUUID()))
                        .and(USER_SESSIONS.USER_SESSION_ID.gt(UUID.randomUUID()))
                        .orderBy(USER_SESSIONS.USER_SESSION_ID.asc())
                        .limit(51)));
    }

    private static void compare(String statement, Supplier<Query> perCall, Supplier<Object> prepared) {
        double rendered = measure(null, () -> render(perCall.get()));
        double bound = measure(null, prepared);
        System.out.printf(Locale.ROOT, "  %-44s %6.2f µs / %5.2f µs%n", statement, rendered, bound);
    }

    /** What {@code Statements} does with a query built per call: its SQL, and its bind values. */
    private static Object render(Query query) {
        List<Object> values = RENDERER.extractBindValues(query);
        return RENDERER.render(query).length() + values.size();
    }

    private static double measure(String label, Supplier<Object> call) {
        for (int i = 0; i < CALLS; i++) {
            sink = call.get();
        }
        long[] windows = new long[WINDOWS];
        for (int window = 0; window < WINDOWS; window++) {
            long start = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                sink = call.get();
            }
            windows[window] = System.nanoTime() - start;
        }
        Arrays.sort(windows);
        double micros = windows[WINDOWS / 2] / 1000.0 / CALLS;
        if (label != null) {
            System.out.printf(Locale.ROOT, "  %-44s %6.2f µs%n", label, micros);
        }
        return micros;
    }
}
