package io.authstore.tools.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table as jOOQ's generator wrote it: its name and, for each column, the Java type and the SQL data type
 * expression (which carries nullability and defaults). Read from the generated source, so that two snapshots can be
 * compared in the schema's terms.
 */
record GeneratedTable(String name, String file, Map<String, Column> columns) {

    /** {@code this(DSL.name("users"), null);} in the generated table class. */
    private static final Pattern TABLE_NAME = Pattern.compile("this\\(DSL\\.name\\(\"([^\"]+)\"\\), null\\);");
    /** {@code TableField<UsersRecord, UUID> USER_ID = createField(DSL.name("user_id"), SQLDataType.UUID..., this, ""} */
    private static final Pattern COLUMN = Pattern.compile(
            "TableField<\\w+, (.+?)> \\w+ = createField\\(DSL\\.name\\(\"([^\"]+)\"\\), (.+?), this, \"[^\"]*\"(.*?)\\);");
    private static final Pattern DECLARED_NAME = Pattern.compile("DSL\\.name\\(\"([^\"]+)\"\\)");

    record Column(String javaType, String sqlType) {
        private static final Pattern DEFAULT = Pattern.compile(
                "\\.defaultValue\\(DSL\\.field\\(DSL\\.raw\\(\"(.*?)\"\\), .*?\\)\\)");

        /** {@code String CLOB NOT NULL DEFAULT 'x'} rather than jOOQ's builder expression. */
        @Override
        public String toString() {
            String readable = DEFAULT.matcher(sqlType).replaceAll(" DEFAULT $1")
                    .replace("SQLDataType.", "")
                    .replace(".nullable(false)", " NOT NULL");
            return javaType + " " + readable;
        }
    }

    /** Every table class in a generated tree (path relative to the package directory → source). */
    static Map<String, GeneratedTable> parseAll(Map<String, String> files) {
        Map<String, GeneratedTable> tables = new TreeMap<>();
        files.forEach((path, source) -> {
            if (path.startsWith("tables/") && path.indexOf('/', "tables/".length()) < 0) {
                GeneratedTable table = parse(path, source);
                tables.put(table.name(), table);
            }
        });
        return tables;
    }

    static GeneratedTable parse(String file, String source) {
        Matcher name = TABLE_NAME.matcher(source);
        String tableName = name.find() ? name.group(1) : file;
        Map<String, Column> columns = new LinkedHashMap<>();
        Matcher column = COLUMN.matcher(source);
        while (column.find()) {
            String binding = column.group(4).isBlank() ? "" : " with" + column.group(4).replaceFirst("^,", "");
            columns.put(column.group(2), new Column(column.group(1), column.group(3) + binding));
        }
        return new GeneratedTable(tableName, file, columns);
    }

    /** Names given to {@code DSL.name(...)} in a source file: the keys, indexes, constraints it declares. */
    static Set<String> declaredNames(String source) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = DECLARED_NAME.matcher(source);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    String recordFile() {
        String className = file.substring("tables/".length(), file.length() - ".java".length());
        return "tables/records/" + className + "Record.java";
    }

    /** The column differences from this table to a later version of it, one readable line each. */
    List<String> changesTo(GeneratedTable later) {
        List<String> changes = new ArrayList<>();
        Set<String> all = new TreeSet<>(columns.keySet());
        all.addAll(later.columns.keySet());
        for (String column : all) {
            Column before = columns.get(column);
            Column after = later.columns.get(column);
            String qualified = name + "." + column;
            if (before == null) {
                changes.add("column added:   " + qualified + " " + after);
            } else if (after == null) {
                changes.add("column removed: " + qualified + " (was " + before + ")");
            } else if (!before.equals(after)) {
                changes.add("column retyped: " + qualified + ": " + before + " -> " + after);
            }
        }
        return changes;
    }
}
