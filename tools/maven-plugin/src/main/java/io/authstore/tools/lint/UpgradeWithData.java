package io.authstore.tools.lint;

import io.authstore.tools.database.DatabaseUrl;
import io.authstore.tools.database.Migrations;
import io.authstore.tools.embedded.EphemeralPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The upgrade test: from every earlier version, with rows in every table that exists there, {@code migrate} to the
 * newest version succeeds and every column those rows had reads back unchanged. The rows are the ones of
 * {@code schema/upgrade-rows/V<n>.sql} for that version, and one generated row in each table still empty; a
 * migration that changes a table that existed before it must come with such a file for the version before it, so
 * that the rows it changes are real ones.
 */
public final class UpgradeWithData {

    private UpgradeWithData() {}

    /**
     * The rule: a migration that changes a table that existed before it comes with a rows file for the version
     * before it. Returns one message per migration without one.
     *
     * @param migrations the migration files in version order
     * @param rows the folder of {@code V<n>.sql} row files
     * @param changedTables by file, the existing tables it changes ({@link MigrationLinter.Report#changedTables()})
     */
    public static List<String> missingRows(List<Path> migrations, Path rows, Map<String, Set<String>> changedTables) {
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < migrations.size(); i++) {
            String file = migrations.get(i).getFileName().toString();
            Set<String> changed = changedTables.get(file);
            String previous = version(migrations.get(i - 1));
            if (changed != null && !changed.isEmpty() && !Files.exists(rows.resolve("V" + previous + ".sql"))) {
                problems.add(file + " changes " + String.join(", ", changed) + ", which existed before it: add rows"
                        + " for them as they are at version " + previous + " to " + rows.resolve("V" + previous
                        + ".sql") + " (the upgrade test inserts them at version " + previous + ", migrates to the"
                        + " newest version and reads them back)");
            }
        }
        return problems;
    }

    /** A further check of a database upgraded with rows, e.g. reading them through the repositories. */
    @FunctionalInterface
    public interface ReadBack {
        /** What is wrong with the rows of {@code database} upgraded from {@code version}, one message each. */
        List<String> check(String version, String database) throws Exception;
    }

    /**
     * Upgrades from each of {@code fromVersions} (every version before the newest when empty) with rows, and returns
     * what went wrong, one message each.
     */
    public static List<String> upgrade(EphemeralPostgres server, List<Path> migrations, Path rows,
            List<String> fromVersions) {
        return upgrade(server, migrations, rows, fromVersions, (version, database) -> List.of());
    }

    /** The same, then {@code readBack} on each upgraded database whose rows read back unchanged in SQL. */
    public static List<String> upgrade(EphemeralPostgres server, List<Path> migrations, Path rows,
            List<String> fromVersions, ReadBack readBack) {
        String location = "filesystem:" + migrations.get(0).getParent().toAbsolutePath();
        // each version on a database of its own, two at a time
        return java.util.stream.IntStream.range(0, migrations.size() - 1).parallel()
                .mapToObj(i -> version(migrations.get(i)))
                .filter(version -> fromVersions.isEmpty() || fromVersions.contains(version))
                .map(version -> {
                    try {
                        return upgradeFrom(server, location, version, rows, readBack);
                    } catch (Exception e) {
                        return List.of("from version " + version + ": " + e.getMessage());
                    }
                })
                .flatMap(List::stream)
                .toList();
    }

    private static List<String> upgradeFrom(EphemeralPostgres server, String location, String version, Path rows,
            ReadBack readBack) throws Exception {
        List<String> problems = new ArrayList<>();
        String database = server.createDatabase();
        DatabaseUrl url = DatabaseUrl.parse(server.uri(database));
        Migrations.fromLocations(url, List.of(location)).migrateTo(version);
        Map<String, List<String>> before;
        try (Connection connection = server.connect(database)) {
            Path file = rows.resolve("V" + version + ".sql");
            if (Files.exists(file)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(Files.readString(file));
                } catch (SQLException e) {
                    problems.add(file + " cannot be inserted at version " + version + ": " + e.getMessage());
                    return problems;
                }
            }
            for (String table : MigrationLinter.seedRows(connection)) {
                problems.add("at version " + version + " " + table + " has no row: add one to " + file);
            }
            before = snapshot(connection, null);
        }
        try {
            Migrations.fromLocations(url, List.of(location)).migrate();
        } catch (RuntimeException e) {
            problems.add("from version " + version + " with rows, migrate failed: " + e.getMessage());
            return problems;
        }
        try (Connection connection = server.connect(database)) {
            Map<String, List<String>> after = snapshot(connection, before);
            before.forEach((table, values) -> {
                List<String> now = after.get(table);
                if (!values.equals(now)) {
                    problems.add("from version " + version + ", the rows of " + table + " read back changed"
                            + " after migrate: " + shorten(values) + " became " + shorten(now));
                }
            });
        }
        if (problems.isEmpty()) {
            problems.addAll(readBack.check(version, database));
        }
        return problems;
    }

    private static String version(Path migration) {
        return migration.getFileName().toString().replaceAll("^V([^_]+)__.*$", "$1");
    }

    /**
     * Each table's rows as text, sorted; with {@code columnsOf}, only the columns that table had there (a later
     * migration may add some), and a message for one that is gone.
     */
    private static Map<String, List<String>> snapshot(Connection connection, Map<String, List<String>> columnsOf)
            throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT c.relname, a.attname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                        + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
                        + " AND c.relname <> 'flyway_schema_history' ORDER BY c.relname, a.attnum")) {
            while (rows.next()) {
                columns.computeIfAbsent(rows.getString(1), table -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        Map<String, List<String>> snapshot = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> table : columns.entrySet()) {
            List<String> names = table.getValue();
            if (columnsOf != null) {
                if (!columnsOf.containsKey(table.getKey())) {
                    continue;
                }
                names = header(columnsOf.get(table.getKey()));
            }
            List<String> values = new ArrayList<>();
            values.add(String.join(",", names));
            String select = "SELECT ROW(" + String.join(", ", names.stream().map(UpgradeWithData::quote).toList())
                    + ")::text FROM " + quote(table.getKey()) + " ORDER BY 1";
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(select)) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            } catch (SQLException e) {
                values.add("(cannot read: " + e.getMessage().lines().findFirst().orElse("") + ")");
            }
            snapshot.put(table.getKey(), values);
        }
        return snapshot;
    }

    private static List<String> header(List<String> values) {
        return List.of(values.get(0).split(","));
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String shorten(List<String> values) {
        String text = String.valueOf(values == null ? "(table gone)" : values.subList(1, values.size()));
        return text.length() > 300 ? text.substring(0, 297) + "..." : text;
    }
}
