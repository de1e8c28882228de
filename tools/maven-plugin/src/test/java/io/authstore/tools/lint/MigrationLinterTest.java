package io.authstore.tools.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.tools.embedded.EphemeralPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * make lint on today's migrations, and one failing fixture per rule (a V9 applied after them, to tables with rows),
 * each with the message a developer gets.
 */
class MigrationLinterTest {

    static final Path ROOT = TodaysMigrations.ROOT;
    static final Path MIGRATIONS = TodaysMigrations.MIGRATIONS;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static String migrated;
    private static MigrationLinter.Report today;

    @TempDir
    Path directory;

    @BeforeAll
    static void lintTodaysMigrations() throws Exception {
        TodaysMigrations.Linted linted = TodaysMigrations.linted();
        migrated = linted.database();
        today = linted.report();
    }

    /** Lints the fixtures, in order, on a copy of the database today's migrations left (with its rows). */
    private List<Finding> lint(String... namesAndTexts) throws IOException, SQLException {
        return report(namesAndTexts).findings();
    }

    private MigrationLinter.Report report(String... namesAndTexts) throws IOException, SQLException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            files.add(Files.writeString(directory.resolve(namesAndTexts[i]), namesAndTexts[i + 1]));
        }
        EphemeralPostgres server = EphemeralPostgres.shared();
        String database = server.createDatabase("lint_fixture_" + DATABASES.incrementAndGet(), migrated);
        try (Connection connection = server.connect(database)) {
            return MigrationLinter.lint(connection, files, List.of());
        }
    }

    @Test
    void todaysMigrationsPassWithRowsInEveryTable() {
        assertThat(today.findings()).isEmpty();
        assertThat(today.notSeeded()).isEmpty();
        assertThat(today.statements()).isGreaterThan(100);
        assertThat(today.exempted()).containsExactly(
                "V7__upstream_oauth.sql:127 constraint-validated-under-lock because V1 to V8 are authstore's first"
                        + " release, applied together to an empty database: no deployment ever had rows at V6",
                "V7__upstream_oauth.sql:133 constraint-validated-under-lock because V1 to V8 are authstore's first"
                        + " release, applied together to an empty database: no deployment ever had rows at V6");
    }

    @Test
    void indexWithoutConcurrently() throws Exception {
        assertThat(lint("V9__users_created_at_index.sql", """
                -- V9: users by creation time

                CREATE INDEX users_created_at_idx ON users (created_at);
                """)).extracting(Finding::message).containsExactly("V9__users_created_at_index.sql:3:"
                + " index-without-concurrently: `CREATE INDEX users_created_at_idx ON users (created_at)` builds index"
                + " users_created_at_idx on users holding ShareLock on it, which blocks every write until the whole"
                + " table is indexed. Instead: " + Rule.INDEX_WITHOUT_CONCURRENTLY.alternative() + ".");

        assertThat(lint("V9__users_created_at_index.sql",
                "CREATE INDEX CONCURRENTLY users_created_at_idx ON users (created_at);\n")).isEmpty();
        assertThat(lint("V9__unique_email.sql", """
                ALTER TABLE user_emails ADD CONSTRAINT user_emails_email_unique UNIQUE (email);
                """)).singleElement().satisfies(finding -> {
                    assertThat(finding.rule()).isEqualTo(Rule.INDEX_WITHOUT_CONCURRENTLY);
                    assertThat(finding.what()).contains("holding AccessExclusiveLock", "blocks reads and writes");
                });
    }

    @Test
    void foreignKeyValidatedUnderLock() throws Exception {
        assertThat(lint("V9__invited_by.sql", """
                ALTER TABLE users ADD COLUMN invited_by UUID;
                ALTER TABLE users
                    ADD CONSTRAINT users_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES users (user_id);
                """)).extracting(Finding::message).containsExactly("V9__invited_by.sql:2:"
                + " constraint-validated-under-lock: `ALTER TABLE users` adds foreign key users_invited_by_fkey to"
                + " users and validates it at once: PostgreSQL checks every row holding AccessExclusiveLock on users,"
                + " which blocks every write until it ends. Instead: "
                + Rule.CONSTRAINT_VALIDATED_UNDER_LOCK.alternative() + ".");

        assertThat(lint("V9__invited_by.sql", """
                ALTER TABLE users ADD COLUMN invited_by UUID;
                ALTER TABLE users ADD CONSTRAINT users_invited_by_fkey
                    FOREIGN KEY (invited_by) REFERENCES users (user_id) NOT VALID;
                """, "V10__validate_invited_by.sql", """
                ALTER TABLE users VALIDATE CONSTRAINT users_invited_by_fkey;
                """)).isEmpty();
    }

    @Test
    void checkConstraintValidatedUnderLock() throws Exception {
        assertThat(lint("V9__username_length.sql", """
                ALTER TABLE users ADD CONSTRAINT users_username_length CHECK (length(username) < 256);
                """)).extracting(Finding::rule).containsExactly(Rule.CONSTRAINT_VALIDATED_UNDER_LOCK);
    }

    @Test
    void columnTypeChangeThatRewrites() throws Exception {
        assertThat(lint("V9__bigger_version.sql", """
                ALTER TABLE user_passwords ALTER COLUMN version TYPE BIGINT;
                """)).extracting(Finding::message).containsExactly("V9__bigger_version.sql:1: column-type-rewrite:"
                + " `ALTER TABLE user_passwords ALTER COLUMN version TYPE BIGINT` changes user_passwords.version from"
                + " integer to bigint and so rewrites the whole table (its relfilenode changed) holding"
                + " AccessExclusiveLock on it: no reads or writes until it ends. Instead: "
                + Rule.COLUMN_TYPE_REWRITE.alternative() + ".");

        // text to varchar(n) checks every value by rewriting; varchar(n) to text is binary-compatible: no rewrite
        assertThat(lint("V9__email_length.sql", """
                ALTER TABLE user_emails ALTER COLUMN email TYPE VARCHAR(320);
                """)).extracting(Finding::rule).containsExactly(Rule.COLUMN_TYPE_REWRITE);
        MigrationLinter.Report back = report("V9__email_length.sql", """
                -- lint: allow column-type-rewrite because this fixture needs a varchar column to begin with
                ALTER TABLE user_emails ALTER COLUMN email TYPE VARCHAR(320);
                """, "V10__email_text.sql", """
                ALTER TABLE user_emails ALTER COLUMN email TYPE TEXT;
                """);
        assertThat(back.findings()).isEmpty();
        assertThat(back.exempted()).singleElement().asString().startsWith("V9__email_length.sql:2 column-type-rewrite");
    }

    @Test
    void notNullWithAFullScan() throws Exception {
        assertThat(lint("V9__device_required.sql", """
                ALTER TABLE compat_sessions ALTER COLUMN device_id SET NOT NULL;
                """)).extracting(Finding::message).containsExactly("V9__device_required.sql:1: not-null-full-scan:"
                + " `ALTER TABLE compat_sessions ALTER COLUMN device_id SET NOT NULL` makes compat_sessions.device_id"
                + " NOT NULL, and PostgreSQL scans the whole table to check it holding AccessExclusiveLock: no reads"
                + " or writes until it ends. Instead: " + Rule.NOT_NULL_FULL_SCAN.alternative() + ".");

        assertThat(lint("V9__device_present.sql", """
                ALTER TABLE compat_sessions ADD CONSTRAINT compat_sessions_device_id_present
                    CHECK (device_id IS NOT NULL) NOT VALID;
                """, "V10__device_required.sql", """
                ALTER TABLE compat_sessions VALIDATE CONSTRAINT compat_sessions_device_id_present;
                ALTER TABLE compat_sessions ALTER COLUMN device_id SET NOT NULL;
                ALTER TABLE compat_sessions DROP CONSTRAINT compat_sessions_device_id_present;
                """)).isEmpty();
    }

    @Test
    void volatileDefault() throws Exception {
        assertThat(lint("V9__avatar_seed.sql", """
                ALTER TABLE users ADD COLUMN avatar_seed UUID NOT NULL DEFAULT gen_random_uuid();
                """)).extracting(Finding::message).containsExactly("V9__avatar_seed.sql:1: volatile-default:"
                + " `ALTER TABLE users ADD COLUMN avatar_seed UUID NOT NULL DEFAULT gen_random_uuid()` adds"
                + " users.avatar_seed with a volatile default, so PostgreSQL writes it into every row: the whole"
                + " table is rewritten (its relfilenode changed) holding AccessExclusiveLock. Instead: "
                + Rule.VOLATILE_DEFAULT.alternative() + ".");

        assertThat(lint("V9__theme.sql", """
                ALTER TABLE users ADD COLUMN theme TEXT NOT NULL DEFAULT 'light';
                ALTER TABLE users ADD COLUMN seen_at TIMESTAMPTZ DEFAULT now();
                """)).isEmpty();
    }

    @Test
    void aMigrationThatFailsOnceTablesHoldRows() throws Exception {
        assertThat(lint("V9__nickname.sql", """
                ALTER TABLE users ADD COLUMN nickname TEXT NOT NULL;
                """, "V10__never_reached.sql", "CREATE INDEX users_nickname_idx ON users (nickname);\n"))
                .extracting(Finding::message).containsExactly("V9__nickname.sql:1: fails-with-rows: `ALTER TABLE users"
                        + " ADD COLUMN nickname TEXT NOT NULL` failed on tables that hold rows: ERROR: column"
                        + " \"nickname\" of relation \"users\" contains null values (make lint stops here: the"
                        + " migrations after it are not checked). Instead: " + Rule.FAILS_WITH_ROWS.alternative()
                        + ".");
    }

    @Test
    void tablesCreatedInTheSameFileAreNobodysYet() throws Exception {
        assertThat(lint("V9__widgets.sql", """
                CREATE TABLE widgets (widget_id UUID PRIMARY KEY, user_id UUID NOT NULL, colour INTEGER);
                CREATE INDEX widgets_colour_idx ON widgets (colour);
                ALTER TABLE widgets ALTER COLUMN colour TYPE BIGINT;
                ALTER TABLE widgets ADD CONSTRAINT widgets_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (user_id);
                """)).isEmpty();
    }

    @Test
    void aCommentThatSaysWhyExemptsAStatementAndOneThatDoesNotIsRefused() throws Exception {
        MigrationLinter.Report exempted = report("V9__users_created_at_index.sql", """
                -- lint: allow index-without-concurrently because users has a few hundred rows in every deployment
                CREATE INDEX users_created_at_idx ON users (created_at);
                """);
        assertThat(exempted.findings()).isEmpty();
        assertThat(exempted.exempted()).containsExactly("V9__users_created_at_index.sql:2 index-without-concurrently"
                + " because users has a few hundred rows in every deployment");

        assertThat(lint("V9__users_created_at_index.sql", """
                -- lint: allow index-without-concurrently
                CREATE INDEX users_created_at_idx ON users (created_at);
                """)).extracting(Finding::rule).containsExactly(Rule.EXEMPTION_WITHOUT_REASON,
                        Rule.INDEX_WITHOUT_CONCURRENTLY);
        // an exemption covers its rule only
        assertThat(lint("V9__bigger_version.sql", """
                -- lint: allow index-without-concurrently because the index is tiny
                ALTER TABLE user_passwords ALTER COLUMN version TYPE BIGINT;
                """)).extracting(Finding::rule).containsExactly(Rule.COLUMN_TYPE_REWRITE);
    }

    @Test
    void statementsAreCutAtTheirSemicolonsWithTheirLines() {
        List<SqlScript.Statement> statements = SqlScript.split("""
                -- header

                -- about a
                CREATE TABLE a (x TEXT DEFAULT 'it''s; fine');
                CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RETURN NEW; END;
                $$;
                /* block; */ SELECT "odd;name" FROM a
                """);
        assertThat(statements).extracting(SqlScript.Statement::line).containsExactly(4, 5, 8);
        assertThat(statements.get(0).comments()).containsExactly("about a");
        assertThat(statements.get(1).sql()).endsWith("END;\n$$");
        assertThat(statements.get(2).sql()).isEqualTo("SELECT \"odd;name\" FROM a");
    }
}
