package io.authstore.tools.bench;

/**
 * pgbench scripts with the statements authstore sends for each workload (as its statement log shows them at DEBUG),
 * the keys drawn as the Java clients draw them. Where pgbench cannot bind what authstore binds (a uuid, arrays of a
 * thousand values), the script computes the same value in SQL from a random number.
 */
final class PgbenchScripts {

    private final Seed seed;

    PgbenchScripts(Seed seed) {
        this.seed = seed;
    }

    String script(Workload workload) {
        return switch (workload) {
            case LOOKUP -> "\\set n random(1, " + seed.users() + ")\n"
                    + "select 1 from users where user_id = " + Keys.sql(Keys.USERS, ":n") + ";\n";
            default -> "select 1;\n";
        };
    }
}
