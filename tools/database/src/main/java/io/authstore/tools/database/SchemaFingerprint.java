package io.authstore.tools.database;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A schema as PostgreSQL describes it, one entry per object, keyed by kind and name: tables, columns (type,
 * nullability, default, identity), constraints (keys, foreign keys, checks), indexes, sequences, enum types with their
 * values in order, functions and triggers. Objects of extensions and the bookkeeping tables of Flyway and sqlx are
 * left out; schema names are taken out of definitions, so that two schemas of one database compare.
 */
public record SchemaFingerprint(Map<String, String> entries) {

    private static final List<String> BOOKKEEPING = List.of("flyway_schema_history", "_sqlx_migrations");

    public SchemaFingerprint {
        entries = Map.copyOf(new TreeMap<>(entries));
    }

    /** Reads the schema {@code schema} through {@code connection}. */
    public static SchemaFingerprint read(Connection connection, String schema) throws SQLException {
        Map<String, String> entries = new TreeMap<>();
        String prefix = quoteIfNeeded(schema) + ".";
        String notExtension = " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = %s AND d.deptype = 'e')";
        String ownTable = " c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = ?)"
                + " AND c.relname NOT IN ('" + String.join("', '", BOOKKEEPING) + "')";
        query(connection, "SELECT c.relname, c.relkind, c.relpersistence FROM pg_class c"
                + " WHERE c.relkind IN ('r', 'p', 'S', 'v', 'm') AND" + ownTable + notExtension.formatted("c.oid"),
                schema, row -> entries.put(kind(row.getString(2)) + " " + row.getString(1),
                        row.getString(3).equals("u") ? "UNLOGGED" : ""));
        query(connection, "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                + " pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated FROM pg_class c"
                + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE c.relkind IN ('r', 'p') AND" + ownTable, schema, row -> {
                    StringBuilder column = new StringBuilder(row.getString(3));
                    if (row.getBoolean(4)) {
                        column.append(" NOT NULL");
                    }
                    if (row.getString(5) != null) {
                        column.append(row.getString(7).isEmpty() ? " DEFAULT " : " GENERATED ").append(row.getString(5));
                    }
                    if (!row.getString(6).isEmpty()) {
                        column.append(" IDENTITY");
                    }
                    entries.put("column " + row.getString(1) + "." + row.getString(2), column.toString());
                });
        query(connection, "SELECT c.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con"
                + " JOIN pg_class c ON c.oid = con.conrelid WHERE" + ownTable, schema,
                row -> entries.put("constraint " + row.getString(1) + "." + row.getString(2), row.getString(3)));
        query(connection, "SELECT c.relname, i.relname, pg_get_indexdef(i.oid) FROM pg_index x"
                + " JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid WHERE" + ownTable,
                schema, row -> entries.put("index " + row.getString(1) + "." + row.getString(2), row.getString(3)));
        query(connection, "SELECT t.typname, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) FROM pg_type t"
                + " JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typnamespace = (SELECT oid FROM pg_namespace"
                + " WHERE nspname = ?)" + notExtension.formatted("t.oid") + " GROUP BY t.typname", schema,
                row -> entries.put("enum " + row.getString(1), "(" + row.getString(2) + ")"));
        query(connection, "SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',"
                + " pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.prokind IN ('f', 'p')"
                + " AND p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = ?)"
                + notExtension.formatted("p.oid"), schema,
                row -> entries.put("function " + row.getString(1),
                        "body " + sha256(row.getString(2).replace(prefix, "").replace("public.", ""))));
        query(connection, "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t"
                + " JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND" + ownTable, schema,
                row -> entries.put("trigger " + row.getString(1) + "." + row.getString(2), row.getString(3)));
        Map<String, String> unqualified = new TreeMap<>();
        entries.forEach((key, value) -> unqualified.put(key, value.replace(prefix, "").replace("public.", "")));
        return new SchemaFingerprint(unqualified);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * This schema with each entry whose value is the one {@code alternatives} names for its key read as
     * {@code reference}'s value for that key: a known other form of the same object counts as the reference's.
     */
    public SchemaFingerprint accepting(Map<String, String> alternatives, SchemaFingerprint reference) {
        Map<String, String> accepted = new TreeMap<>(entries);
        alternatives.forEach((key, alternative) -> {
            if (alternative.equals(entries.get(key)) && reference.entries.containsKey(key)) {
                accepted.put(key, reference.entries.get(key));
            }
        });
        return new SchemaFingerprint(accepted);
    }

    /** What {@code other} (this database) has that differs from this (authstore's schema), one line each. */
    public List<String> differencesTo(SchemaFingerprint other) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(entries.keySet());
        keys.addAll(other.entries.keySet());
        for (String key : keys) {
            String expected = entries.get(key);
            String actual = other.entries.get(key);
            if (Objects.equals(expected, actual)) {
                continue;
            }
            if (actual == null) {
                differences.add("missing  " + key + describe(expected));
            } else if (expected == null) {
                differences.add("extra    " + key + describe(actual));
            } else {
                differences.add("differs  " + key + ": authstore has " + expected + ", this database " + actual);
            }
        }
        return differences;
    }

    private static String describe(String value) {
        return value.isEmpty() ? "" : ": " + value;
    }

    private static String kind(String relkind) {
        return switch (relkind) {
            case "S" -> "sequence";
            case "v" -> "view";
            case "m" -> "materialized view";
            default -> "table";
        };
    }

    private static String quoteIfNeeded(String schema) {
        return schema.matches("[a-z_][a-z0-9_]*") ? schema : "\"" + schema.replace("\"", "\"\"") + "\"";
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private static void query(Connection connection, String sql, String schema, RowReader reader) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int parameters = (int) sql.chars().filter(c -> c == '?').count();
            for (int i = 1; i <= parameters; i++) {
                statement.setString(i, schema);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        }
    }
}
