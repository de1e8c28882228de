package io.authstore.tools.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What differs between two jOOQ snapshots of the schema, in the schema's terms: tables added or removed; columns
 * added, removed or retyped; keys, indexes and enum types added or removed; and, for anything else, which generated
 * file differs. Two identical trees give an empty diff.
 */
public record SnapshotDiff(
        List<String> addedTables,
        List<String> removedTables,
        List<String> columnChanges,
        List<String> otherChanges) {

    public SnapshotDiff {
        addedTables = List.copyOf(addedTables);
        removedTables = List.copyOf(removedTables);
        columnChanges = List.copyOf(columnChanges);
        otherChanges = List.copyOf(otherChanges);
    }

    /**
     * Compares two generated package directories (e.g. {@code .../io/authstore/snapshot}).
     *
     * @param committed the snapshot in the repository
     * @param generated a fresh generation from the migrations
     */
    public static SnapshotDiff compare(Path committed, Path generated) {
        Map<String, String> before = readTree(committed);
        Map<String, String> after = readTree(generated);
        Map<String, GeneratedTable> tablesBefore = GeneratedTable.parseAll(before);
        Map<String, GeneratedTable> tablesAfter = GeneratedTable.parseAll(after);

        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        // a table's class and record differ when the table does: the table's lines explain them
        Set<String> explainedFiles = new TreeSet<>();
        for (String table : union(tablesBefore.keySet(), tablesAfter.keySet())) {
            GeneratedTable old = tablesBefore.get(table);
            GeneratedTable now = tablesAfter.get(table);
            List<String> changes = old == null || now == null ? List.of() : old.changesTo(now);
            if (old == null) {
                added.add(table + " (" + now.columns().size() + " columns)");
            } else if (now == null) {
                removed.add(table);
            }
            columns.addAll(changes);
            if (old == null || now == null || !changes.isEmpty()) {
                GeneratedTable either = now != null ? now : old;
                explainedFiles.add(either.file());
                explainedFiles.add(either.recordFile());
            }
        }
        if (!added.isEmpty() || !removed.isEmpty()) {
            // the catalog, schema and Tables list every table
            explainedFiles.addAll(List.of("DefaultCatalog.java", "Public.java", "Tables.java"));
        }

        List<String> other = new ArrayList<>();
        for (String file : union(before.keySet(), after.keySet())) {
            String old = before.get(file);
            String now = after.get(file);
            if (Objects.equals(old, now) || explainedFiles.contains(file)) {
                continue;
            }
            other.add(describeFile(file, old, now));
        }
        return new SnapshotDiff(added, removed, columns, other);
    }

    public boolean isEmpty() {
        return addedTables.isEmpty() && removedTables.isEmpty() && columnChanges.isEmpty() && otherChanges.isEmpty();
    }

    /** One line: how many things of each kind differ. */
    public String headline() {
        List<String> parts = new ArrayList<>();
        count(parts, addedTables.size(), "table added", "tables added");
        count(parts, removedTables.size(), "table removed", "tables removed");
        count(parts, columnChanges.size(), "column change", "column changes");
        count(parts, otherChanges.size(), "other change", "other changes");
        return String.join(", ", parts);
    }

    /** A readable report, one line per difference. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        addedTables.forEach(table -> text.append("table added:   ").append(table).append('\n'));
        removedTables.forEach(table -> text.append("table removed: ").append(table).append('\n'));
        columnChanges.forEach(change -> text.append(change).append('\n'));
        otherChanges.forEach(change -> text.append(change).append('\n'));
        return text.toString().stripTrailing();
    }

    private static void count(List<String> parts, int count, String one, String many) {
        if (count > 0) {
            parts.add(count + " " + (count == 1 ? one : many));
        }
    }

    private static String describeFile(String file, String old, String now) {
        if (old == null) {
            return "file added:    " + file;
        }
        if (now == null) {
            return "file removed:  " + file;
        }
        Set<String> namesBefore = GeneratedTable.declaredNames(old);
        Set<String> namesAfter = GeneratedTable.declaredNames(now);
        List<String> changes = new ArrayList<>();
        for (String name : union(namesBefore, namesAfter)) {
            if (!namesAfter.contains(name)) {
                changes.add("-" + name);
            } else if (!namesBefore.contains(name)) {
                changes.add("+" + name);
            }
        }
        String kind = switch (file) {
            case "Keys.java" -> "keys";
            case "Indexes.java" -> "indexes";
            default -> file.startsWith("enums/") ? "enum " + file.substring(6, file.length() - 5) : file;
        };
        return changes.isEmpty()
                ? kind + " changed: " + file + " differs (definitions changed, names the same)"
                : kind + " changed: " + String.join(" ", changes);
    }

    /** Every file under {@code root}, by its path relative to it, with its content; empty when it does not exist. */
    static Map<String, String> readTree(Path root) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                String relative = root.relativize(path).toString().replace('\\', '/');
                files.put(relative, Files.readString(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        return files;
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        Arrays.stream(sets).forEach(all::addAll);
        return all;
    }
}
