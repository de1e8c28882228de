package io.authstore.tools.lint;

import io.authstore.tools.embedded.EphemeralPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Today's migrations linted once per test JVM (with the exemptions file), leaving a database at the newest version
 * with rows in every table, which the tests copy for their fixtures.
 */
final class TodaysMigrations {

    static final Path ROOT = Path.of(System.getProperty("authstore.projectRoot", "../.."));
    static final Path MIGRATIONS = ROOT.resolve("schema/src/main/resources/db/migration");
    static final Path EXEMPTIONS = ROOT.resolve("schema/lint-exemptions.txt");

    record Linted(String database, MigrationLinter.Report report) {}

    private static Linted linted;

    private TodaysMigrations() {}

    static synchronized Linted linted() throws Exception {
        if (linted == null) {
            EphemeralPostgres server = EphemeralPostgres.shared();
            String database = server.createDatabase("lint_migrated", null);
            try (Connection connection = server.connect(database)) {
                linted = new Linted(database, MigrationLinter.lint(connection, files(MIGRATIONS),
                        MigrationLinter.readExemptions(EXEMPTIONS)));
            }
        }
        return linted;
    }

    /** The versioned migrations of {@code folder}, in version order. */
    static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(file ->
                            Integer.parseInt(file.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"))))
                    .toList();
        }
    }
}
