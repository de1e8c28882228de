package io.authstore.tools.lint;

import java.util.Arrays;
import java.util.Optional;

/** What {@code make lint} refuses in a migration, each with the safe way to do the same. */
public enum Rule {
    INDEX_WITHOUT_CONCURRENTLY("index-without-concurrently",
            "CREATE INDEX CONCURRENTLY, alone in a migration file of its own (Flyway runs it outside a transaction);"
                    + " for a unique or primary key constraint, build the unique index CONCURRENTLY first, then"
                    + " ADD CONSTRAINT ... USING INDEX in a later migration"),
    CONSTRAINT_VALIDATED_UNDER_LOCK("constraint-validated-under-lock",
            "ADD CONSTRAINT ... NOT VALID in this migration, then ALTER TABLE ... VALIDATE CONSTRAINT in a later one"
                    + " (it scans while holding only a SHARE UPDATE EXCLUSIVE lock, which lets reads and writes go on)"),
    COLUMN_TYPE_REWRITE("column-type-rewrite",
            "add a new column of the new type, backfill it in batches, switch the code over, then drop the old column"
                    + " (varchar(n) to text or to a larger n needs no rewrite)"),
    NOT_NULL_FULL_SCAN("not-null-full-scan",
            "ADD CONSTRAINT c CHECK (column IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT c in a later migration, then"
                    + " SET NOT NULL (PostgreSQL then skips the scan) and DROP CONSTRAINT c"),
    VOLATILE_DEFAULT("volatile-default",
            "ADD COLUMN without the default (or with a constant one), backfill in batches, then ALTER COLUMN ... SET"
                    + " DEFAULT for new rows"),
    TABLE_REWRITE("table-rewrite",
            "avoid rewriting a busy table in a migration: copy into a new table in batches, or run it in a"
                    + " maintenance window"),
    FAILS_WITH_ROWS("fails-with-rows",
            "make the migration work on tables that hold rows: backfill before adding NOT NULL, give a new NOT NULL"
                    + " column a constant default"),
    EXEMPTION_WITHOUT_REASON("exemption-without-reason",
            "write `-- lint: allow <rule> because <why this statement is safe>` right above the statement");

    private final String id;
    private final String alternative;

    Rule(String id, String alternative) {
        this.id = id;
        this.alternative = alternative;
    }

    public String id() {
        return id;
    }

    public String alternative() {
        return alternative;
    }

    static Optional<Rule> byId(String id) {
        return Arrays.stream(values()).filter(rule -> rule.id.equals(id)).findFirst();
    }
}
