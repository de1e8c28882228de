package io.authstore.tools.bench;

import static io.authstore.snapshot.Tables.OAUTH2_ACCESS_TOKENS;
import static io.authstore.snapshot.Tables.OAUTH2_SESSIONS;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.jooq.Table;

/**
 * pgbench scripts running the statements authstore sends for each workload, as its statement log prints them at
 * DEBUG ({@code io.authstore.storage.statements}), each in the same transaction shape: a read alone, a write in
 * BEGIN … COMMIT. pgbench binds numbers and text only, so where authstore binds a uuid, a timestamp or arrays of a
 * thousand values, the script computes the same value in SQL from a random number ({@link Keys#sql}); the server
 * does that small extra work for pgbench, not for authstore.
 */
final class PgbenchScripts {

    static final String USER_COLUMNS = "\"users\".\"user_id\", \"users\".\"username\", \"users\".\"created_at\","
            + " \"users\".\"locked_at\", \"users\".\"deactivated_at\", \"users\".\"can_request_admin\","
            + " \"users\".\"is_guest\"";
    static final String SESSION_COLUMNS = "\"user_sessions\".\"user_session_id\", \"user_sessions\".\"user_id\","
            + " \"user_sessions\".\"created_at\", \"user_sessions\".\"finished_at\", \"user_sessions\".\"user_agent\","
            + " \"user_sessions\".\"last_active_at\", \"user_sessions\".\"last_active_ip\"";

    private final Seed seed;

    PgbenchScripts(Seed seed) {
        this.seed = seed;
    }

    String script(Workload workload) {
        return switch (workload) {
            case LOOKUP -> randomUser() + """
                    select %s from "users" where "users"."user_id" = cast(%s as uuid);
                    """.formatted(USER_COLUMNS, Keys.sql(Keys.USERS, ":n"));
            case FIND_BY_USERNAME -> randomUser() + """
                    select %s from "users" where (lower("users"."username") = lower('User' || :n) \
                    and ("users"."username" = 'User' || :n or not exists (select 1 as "one" from "users" as "other" \
                    where (lower("other"."username") = lower('User' || :n) and "other"."user_id" <> "users"."user_id"))));
                    """.formatted(USER_COLUMNS);
            case ADD_BROWSER_SESSION -> randomUser() + """
                    begin;
                    insert into "user_sessions" ("user_session_id", "user_id", "created_at", "user_agent") \
                    values (gen_random_uuid(), cast(%s as uuid), cast(now() as timestamp(6) with time zone), '%s') \
                    returning %s;
                    commit;
                    """.formatted(Keys.sql(Keys.USERS, ":n"), AuthstoreContender.USER_AGENT, SESSION_COLUMNS);
            case LIST_BROWSER_SESSIONS -> "\\set n random(1, " + seed.sessions() + ")\n" + """
                    select %s, %s from "user_sessions" join "users" on "users"."user_id" = "user_sessions"."user_id" \
                    where ("user_sessions"."finished_at" is null and "user_sessions"."user_session_id" > cast(%s as uuid)) \
                    order by "user_sessions"."user_session_id" asc fetch next 51 rows only;
                    """.formatted(SESSION_COLUMNS, USER_COLUMNS, Keys.sql(Keys.SESSIONS, ":n"));
            case RECORD_BATCH_ACTIVITY -> batchActivity();
            case INTROSPECT -> introspection();
        };
    }

    private String randomUser() {
        return "\\set n random(1, " + seed.users() + ")\n";
    }

    /** The sessions first .. first + 999, their addresses as the seed wrote them, all active now. */
    private String batchActivity() {
        String ids = "array(select " + Keys.sql(Keys.SESSIONS, "g") + " from generate_series(:first, :first + "
                + (Seed.BATCH - 1) + ") g)";
        String times = "array_fill(now(), array[" + Seed.BATCH + "])";
        String addresses = "array(select '10.' || (g >> 16 & 255) || '.' || (g >> 8 & 255) || '.' || (g & 255)"
                + " from generate_series(:first, :first + " + (Seed.BATCH - 1) + ") g)";
        return "\\set first random(1, " + (seed.sessions() - Seed.BATCH + 1) + ")\n" + """
                begin;
                with "locked"("id") as materialized (select "user_sessions"."user_session_id" from "user_sessions" \
                where "user_sessions"."user_session_id" = any (cast(%1$s as uuid[])) \
                order by "user_sessions"."user_session_id" for no key update) \
                update "user_sessions" set "last_active_at" = greatest("user_sessions"."last_active_at", "batch_time"."at"), \
                "last_active_ip" = coalesce(cast("batch_address"."ip" as "pg_catalog"."inet"), "user_sessions"."last_active_ip") \
                from unnest(cast(%1$s as uuid[])) with ordinality as "batch" ("id", "n") \
                join unnest(cast(%2$s as timestamp with time zone[])) with ordinality as "batch_time" ("at", "n") \
                on "batch_time"."n" = "batch"."n" \
                join unnest(cast(%3$s as varchar[])) with ordinality as "batch_address" ("ip", "n") \
                on "batch_address"."n" = "batch"."n" \
                where ("user_sessions"."user_session_id" = "batch"."id" \
                and "user_sessions"."user_session_id" in (select "locked"."id" from "locked"));
                commit;
                """.formatted(ids, times, addresses);
    }

    /**
     * The three reads of a token introspection, the second and third keyed by what the one before returned
     * ({@code \\gset} keeps a row's columns in variables); no BEGIN, as authstore sends none for reads.
     */
    private String introspection() {
        return "\\set n random(1, " + seed.oauth2Sessions() + ")\n" + """
                select %s from "oauth2_access_tokens" where "oauth2_access_tokens"."access_token" = %s \\gset token_
                select %s from "oauth2_sessions" \
                where "oauth2_sessions"."oauth2_session_id" = cast(:token_oauth2_session_id as uuid) \\gset session_
                select %s from "users" where "users"."user_id" = cast(:session_user_id as uuid);
                """.formatted(columns(OAUTH2_ACCESS_TOKENS), Keys.accessTokenSql(":n"), columns(OAUTH2_SESSIONS),
                USER_COLUMNS);
    }

    /** Every column of {@code table}, qualified, in the order authstore's lookups select them. */
    private static String columns(Table<?> table) {
        return Arrays.stream(table.fields())
                .map(field -> "\"" + table.getName() + "\".\"" + field.getName() + "\"")
                .collect(Collectors.joining(", "));
    }
}
