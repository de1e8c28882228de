package io.authstore.tools.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.tools.embedded.EphemeralPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule (a migration that changes an existing table comes with rows for the version before it) and the upgrade's
 * failing cases, with the messages a user gets.
 */
class UpgradeWithDataTest {

    static final Path ROWS = MigrationLinterTest.ROOT.resolve("schema/upgrade-rows");

    @TempDir
    Path directory;

    private static List<Path> migrations(Path folder) throws IOException {
        return TodaysMigrations.files(folder);
    }

    private static MigrationLinter.Report today;
    private static String linted;

    @BeforeAll
    static void lintTodaysMigrations() throws Exception {
        TodaysMigrations.Linted shared = TodaysMigrations.linted();
        linted = shared.database();
        today = shared.report();
    }

    /** The rule for today's migrations plus the last of {@code migrations}, linted on a copy of today's database. */
    private static List<String> missingRows(List<Path> migrations, Path rows) throws Exception {
        EphemeralPostgres server = EphemeralPostgres.shared();
        Map<String, Set<String>> changed = new HashMap<>(today.changedTables());
        Path last = migrations.get(migrations.size() - 1);
        if (!last.getParent().equals(MigrationLinterTest.MIGRATIONS)) {
            try (Connection connection = server.connect(server.createDatabase("upgrade_linted_" + COPIES
                    .incrementAndGet(), linted))) {
                changed.putAll(MigrationLinter.lint(connection, migrations.subList(migrations.size() - 1,
                        migrations.size()), List.of()).changedTables());
            }
        }
        return UpgradeWithData.missingRows(migrations, rows, changed);
    }

    private static final java.util.concurrent.atomic.AtomicInteger COPIES = new java.util.concurrent.atomic.AtomicInteger();

    /** Today's migrations plus {@code extra}, copied into a folder of their own. */
    private List<Path> withExtra(String name, String sql) throws IOException {
        Path folder = Files.createDirectories(directory.resolve("migrations"));
        List<Path> copies = new ArrayList<>();
        for (Path migration : migrations(MigrationLinterTest.MIGRATIONS)) {
            copies.add(Files.copy(migration, folder.resolve(migration.getFileName())));
        }
        copies.add(Files.writeString(folder.resolve(name), sql));
        return copies;
    }

    /** Today's rows files, copied into a folder of their own. */
    private Path todaysRows() throws IOException {
        Path rows = Files.createDirectories(directory.resolve("rows"));
        try (var files = Files.list(ROWS)) {
            for (Path file : files.toList()) {
                Files.copy(file, rows.resolve(file.getFileName()));
            }
        }
        return rows;
    }

    /** The upgrade itself, with the repositories reading the rows back, is storage-jooq's UpgradeReadBackTest. */
    @Test
    void todaysMigrationsComeWithTheirRows() throws Exception {
        assertThat(missingRows(migrations(MigrationLinterTest.MIGRATIONS), ROWS)).isEmpty();
    }

    @Test
    void aMigrationThatChangesAnExistingTableNeedsRowsForTheVersionBefore() throws Exception {
        Path rows = todaysRows();

        List<String> problems = missingRows(withExtra("V22__guest_flag.sql", """
                ALTER TABLE users ADD COLUMN guest_since TIMESTAMPTZ;
                """), rows);

        assertThat(problems).containsExactly("V22__guest_flag.sql changes users, which existed before it: add rows"
                + " for them as they are at version 21 to " + rows.resolve("V21.sql") + " (the upgrade test inserts"
                + " them at version 21, migrates to the newest version and reads them back)");
    }

    @Test
    void aMigrationThatChangesRowsIsCaught() throws Exception {
        Path rows = todaysRows();
        Files.writeString(rows.resolve("V21.sql"), "INSERT INTO users (user_id, username, created_at)"
                + " VALUES ('01890000-0000-7000-8000-0000000000aa', 'Dave', '2026-01-01 00:00:00+00');\n");

        List<Path> migrations = withExtra("V22__lower_usernames.sql", """
                UPDATE users SET username = lower(username);
                """);
        assertThat(missingRows(migrations, rows)).isEmpty();

        List<String> problems = UpgradeWithData.upgrade(EphemeralPostgres.shared(), migrations, rows, List.of("21"));

        assertThat(problems).singleElement().asString().startsWith("from version 21, the rows of users read back"
                + " changed after migrate: [(01890000-0000-7000-8000-0000000000aa,Dave,");
    }
}
