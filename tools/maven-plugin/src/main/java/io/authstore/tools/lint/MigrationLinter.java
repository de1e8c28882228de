package io.authstore.tools.lint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Applies migrations one statement at a time to a database that holds rows in every table, and asks PostgreSQL what
 * each statement did to the tables that existed before its file: which locks it holds on them ({@code pg_locks}),
 * whether it rewrote one ({@code pg_class.relfilenode} changed), whether it scanned one
 * ({@code pg_stat_xact_user_tables.seq_scan}), and which indexes, constraints and column changes it made. Tables
 * created by the same file are nobody else's yet, so nothing done to them is reported.
 *
 * <p>A statement is exempted from a rule by a comment right above it: {@code -- lint: allow <rule> because <why>};
 * an applied migration, which must never change, by a line of the exemptions file.
 */
public final class MigrationLinter {

    private static final Pattern ALLOW = Pattern.compile("lint:\\s*allow\\s+([a-z-]+)(?:\\s+because\\s+(.*))?");
    private static final Pattern EXEMPTION_LINE =
            Pattern.compile("(\\S+\\.sql):(\\d+)\\s+([a-z-]+)\\s+because\\s+(.+)");
    private static final int MIN_REASON_LENGTH = 10;
    private static final List<String> LOCK_MODES = List.of("AccessShareLock", "RowShareLock", "RowExclusiveLock",
            "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");

    /** An exemption of an applied migration's statement (from the exemptions file). */
    public record Exemption(String file, int line, Rule rule, String reason) {}

    /**
     * What the run found.
     *
     * @param findings what is refused
     * @param exempted what an exemption allowed, with its reason
     * @param statements how many statements were applied
     * @param notSeeded tables that could not be given a row, with PostgreSQL's reason
     * @param changedTables by file, the tables that existed before it whose definition or rows it changed
     */
    public record Report(List<Finding> findings, List<String> exempted, int statements, List<String> notSeeded,
            Map<String, Set<String>> changedTables) {}

    private final Connection connection;
    private final List<Exemption> fileExemptions;
    private final List<Finding> findings = new ArrayList<>();
    private final List<String> exempted = new ArrayList<>();
    private final List<String> notSeeded = new ArrayList<>();
    private final Map<String, Set<String>> changedTables = new LinkedHashMap<>();
    private int statements;

    private MigrationLinter(Connection connection, List<Exemption> fileExemptions) {
        this.connection = connection;
        this.fileExemptions = List.copyOf(fileExemptions);
    }

    /**
     * Lints {@code files} in order on the database of {@code connection}, which must be as the migrations before them
     * left it; the files are applied to it (it is a scratch database). Stops at the first file that fails.
     */
    public static Report lint(Connection connection, List<Path> files, List<Exemption> exemptions)
            throws SQLException {
        MigrationLinter linter = new MigrationLinter(connection, exemptions);
        for (Path file : files) {
            if (!linter.lintFile(file)) {
                break;
            }
        }
        return new Report(List.copyOf(linter.findings), List.copyOf(linter.exempted), linter.statements,
                List.copyOf(linter.notSeeded), Map.copyOf(linter.changedTables));
    }

    /** Gives every empty table of the public schema a row, as {@link #lint} does; returns the tables it could not. */
    public static List<String> seedRows(Connection connection) throws SQLException {
        MigrationLinter seeder = new MigrationLinter(connection, List.of());
        seeder.seed();
        return List.copyOf(seeder.notSeeded);
    }

    /** Reads an exemptions file: {@code V7__name.sql:127 <rule> because <why>} a line; {@code #} starts a comment. */
    public static List<Exemption> readExemptions(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Exemption> exemptions = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Matcher matcher = EXEMPTION_LINE.matcher(line);
                Rule rule = matcher.matches() ? Rule.byId(matcher.group(3)).orElse(null) : null;
                if (rule == null || matcher.group(4).strip().length() < MIN_REASON_LENGTH) {
                    throw new IllegalArgumentException(file.getFileName() + ":" + (i + 1) + ": expected"
                            + " `V<n>__<name>.sql:<line> <rule> because <why>` with a known rule, got: " + line);
                }
                exemptions.add(new Exemption(matcher.group(1), Integer.parseInt(matcher.group(2)), rule,
                        matcher.group(4).strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return exemptions;
    }

    private boolean lintFile(Path path) throws SQLException {
        String file = path.getFileName().toString();
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        List<SqlScript.Statement> script = SqlScript.split(text);
        connection.setAutoCommit(true);
        seed();
        Map<Long, String> existing = tables();
        boolean oneTransaction = script.stream().noneMatch(SqlScript.Statement::needsNoTransaction);
        connection.setAutoCommit(!oneTransaction);
        try {
            for (SqlScript.Statement statement : script) {
                statements++;
                if (statement.needsNoTransaction()) {
                    // CREATE INDEX CONCURRENTLY and its kind: safe by construction, and unobservable in a transaction
                    execute(statement.sql());
                    continue;
                }
                if (!oneTransaction) {
                    connection.setAutoCommit(false);
                }
                List<Finding> found = observe(file, statement, existing);
                report(file, statement, found);
                if (!oneTransaction) {
                    connection.commit();
                    connection.setAutoCommit(true);
                }
            }
            if (oneTransaction) {
                connection.commit();
            }
            return true;
        } catch (StatementFailed failed) {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            connection.setAutoCommit(true);
            findings.add(new Finding(file, failed.statement.line(), Rule.FAILS_WITH_ROWS,
                    "`" + failed.statement.summary() + "` failed on tables that hold rows: " + failed.reason
                            + " (make lint stops here: the migrations after it are not checked)"));
            return false;
        }
    }

    private static final class StatementFailed extends Exception {
        final transient SqlScript.Statement statement;
        final String reason;

        StatementFailed(SqlScript.Statement statement, SQLException cause) {
            super(cause);
            this.statement = statement;
            this.reason = firstLine(cause.getMessage());
        }
    }

    private void report(String file, SqlScript.Statement statement, List<Finding> found) {
        Map<Rule, String> allowed = new LinkedHashMap<>();
        for (String comment : statement.comments()) {
            Matcher matcher = ALLOW.matcher(comment);
            if (!matcher.find()) {
                continue;
            }
            Rule rule = Rule.byId(matcher.group(1)).orElse(null);
            String reason = matcher.group(2) == null ? "" : matcher.group(2).strip();
            if (rule == null || reason.length() < MIN_REASON_LENGTH) {
                findings.add(new Finding(file, statement.line(), Rule.EXEMPTION_WITHOUT_REASON,
                        "the comment `" + comment + "` above `" + statement.summary() + "` "
                                + (rule == null ? "names no rule of make lint (" + ruleIds() + ")"
                                        : "does not say why the statement is safe")));
                continue;
            }
            allowed.put(rule, reason);
        }
        for (Exemption exemption : fileExemptions) {
            if (exemption.file().equals(file) && exemption.line() == statement.line()) {
                allowed.put(exemption.rule(), exemption.reason());
            }
        }
        for (Finding finding : found) {
            String reason = allowed.get(finding.rule());
            if (reason != null) {
                exempted.add(file + ":" + finding.line() + " " + finding.rule().id() + " because " + reason);
            } else {
                findings.add(finding);
            }
        }
    }

    private static String ruleIds() {
        return java.util.Arrays.stream(Rule.values()).map(Rule::id).collect(Collectors.joining(", "));
    }

    /** What PostgreSQL shows about the tables that existed before the file. */
    private record State(Map<Long, Long> relfilenodes, Map<String, Column> columns, Map<Long, String> indexes,
            Map<Long, Constraint> constraints, Map<Long, Long> scans, Map<Long, Long> writes,
            Map<Long, Set<String>> locks) {}

    private record Column(long table, int number, String name, String type, boolean notNull) {}

    private record Constraint(long table, String name, String type, boolean validated) {}

    private List<Finding> observe(String file, SqlScript.Statement statement, Map<Long, String> existing)
            throws SQLException, StatementFailed {
        State before = capture(existing.keySet());
        try {
            execute(statement.sql());
        } catch (SQLException e) {
            throw new StatementFailed(statement, e);
        }
        State after = capture(existing.keySet());
        List<Finding> found = new ArrayList<>();
        for (Map.Entry<Long, String> table : existing.entrySet()) {
            long oid = table.getKey();
            String name = table.getValue();
            if (!after.relfilenodes().containsKey(oid)) {
                continue; // dropped
            }
            String lock = strongest(after.locks().getOrDefault(oid, Set.of()));
            List<Column> added = new ArrayList<>();
            List<String> retyped = new ArrayList<>();
            List<String> madeNotNull = new ArrayList<>();
            for (Column column : after.columns().values()) {
                if (column.table() != oid) {
                    continue;
                }
                Column old = before.columns().get(oid + ":" + column.number());
                if (old == null) {
                    added.add(column);
                } else if (!old.type().equals(column.type())) {
                    retyped.add(column.name() + " from " + old.type() + " to " + column.type());
                } else if (!old.notNull() && column.notNull()) {
                    madeNotNull.add(column.name());
                }
            }
            boolean rewritten = !Objects.equals(before.relfilenodes().get(oid), after.relfilenodes().get(oid));
            if (rewritten) {
                if (!retyped.isEmpty()) {
                    found.add(new Finding(file, statement.line(), Rule.COLUMN_TYPE_REWRITE, "`" + statement.summary()
                            + "` changes " + name + "." + String.join(", ", retyped) + " and so rewrites the whole"
                            + " table (its relfilenode changed) holding " + lock + " on it: no reads or writes"
                            + " until it ends"));
                } else if (!added.isEmpty()) {
                    found.add(new Finding(file, statement.line(), Rule.VOLATILE_DEFAULT, "`" + statement.summary()
                            + "` adds " + name + "." + added.stream().map(Column::name).collect(Collectors.joining(
                                    ", ")) + " with a volatile default, so PostgreSQL writes it into every row: the"
                            + " whole table is rewritten (its relfilenode changed) holding " + lock));
                } else {
                    found.add(new Finding(file, statement.line(), Rule.TABLE_REWRITE, "`" + statement.summary()
                            + "` rewrites " + name + " (its relfilenode changed) holding " + lock));
                }
            }
            if (changed(before, after, oid)) {
                changedTables.computeIfAbsent(file, key -> new java.util.TreeSet<>()).add(name);
            }
            long scans = after.scans().getOrDefault(oid, 0L) - before.scans().getOrDefault(oid, 0L);
            if (!madeNotNull.isEmpty() && scans > 0 && !rewritten) {
                found.add(new Finding(file, statement.line(), Rule.NOT_NULL_FULL_SCAN, "`" + statement.summary()
                        + "` makes " + name + "." + String.join(", ", madeNotNull) + " NOT NULL, and PostgreSQL"
                        + " scans the whole table to check it holding " + lock + ": no reads or writes until it"
                        + " ends"));
            }
            Set<String> indexNamesBefore = new HashSet<>(before.indexes().values());
            for (Map.Entry<Long, String> index : after.indexes().entrySet()) {
                if (indexTable(after, index.getKey()) != oid || before.indexes().containsKey(index.getKey())
                        || indexNamesBefore.contains(index.getValue()) || rewritten) {
                    continue;
                }
                found.add(new Finding(file, statement.line(), Rule.INDEX_WITHOUT_CONCURRENTLY, "`"
                        + statement.summary() + "` builds index " + index.getValue() + " on " + name
                        + " holding " + lock + " on it, which blocks " + (lock.equals("AccessExclusiveLock")
                                ? "reads and writes" : "every write") + " until the whole table is indexed"));
            }
            Set<String> constraintNamesBefore = before.constraints().values().stream()
                    .filter(constraint -> constraint.table() == oid).map(Constraint::name).collect(Collectors.toSet());
            for (Map.Entry<Long, Constraint> entry : after.constraints().entrySet()) {
                Constraint constraint = entry.getValue();
                if (constraint.table() != oid || before.constraints().containsKey(entry.getKey())
                        || constraintNamesBefore.contains(constraint.name()) || !constraint.validated()
                        || !(constraint.type().equals("f") || constraint.type().equals("c"))) {
                    continue;
                }
                found.add(new Finding(file, statement.line(), Rule.CONSTRAINT_VALIDATED_UNDER_LOCK, "`"
                        + statement.summary() + "` adds " + (constraint.type().equals("f") ? "foreign key " : "check ")
                        + constraint.name() + " to " + name + " and validates it at once: PostgreSQL checks every"
                        + " row holding " + lock + " on " + name + ", which blocks every write until it ends"));
            }
        }
        return found;
    }

    /** Whether the statement changed the table's definition (columns, indexes, constraints, storage) or its rows. */
    private boolean changed(State before, State after, long oid) {
        return !Objects.equals(before.relfilenodes().get(oid), after.relfilenodes().get(oid))
                || !Objects.equals(before.writes().get(oid), after.writes().get(oid))
                || !ofTable(before.columns().values(), Column::table, oid)
                        .equals(ofTable(after.columns().values(), Column::table, oid))
                || !ofTable(before.constraints().values(), Constraint::table, oid)
                        .equals(ofTable(after.constraints().values(), Constraint::table, oid))
                || !before.indexes().keySet().stream().filter(index -> indexTables.get(index) == oid)
                        .collect(Collectors.toSet()).equals(after.indexes().keySet().stream()
                                .filter(index -> indexTables.get(index) == oid).collect(Collectors.toSet()));
    }

    private static <T> Set<T> ofTable(java.util.Collection<T> items, java.util.function.ToLongFunction<T> table,
            long oid) {
        return items.stream().filter(item -> table.applyAsLong(item) == oid).collect(Collectors.toSet());
    }

    private final Map<Long, Long> indexTables = new HashMap<>();

    private long indexTable(State state, long index) {
        return indexTables.getOrDefault(index, -1L);
    }

    private static String strongest(Set<String> modes) {
        return modes.stream().max((a, b) -> Integer.compare(LOCK_MODES.indexOf(a), LOCK_MODES.indexOf(b)))
                .orElse("(no lock)");
    }

    private State capture(Set<Long> tables) throws SQLException {
        String oids = tables.isEmpty() ? "0" : tables.stream().map(String::valueOf).collect(Collectors.joining(","));
        Map<Long, Long> relfilenodes = new HashMap<>();
        query("SELECT oid, relfilenode FROM pg_class WHERE oid IN (" + oids + ")",
                row -> relfilenodes.put(row.getLong(1), row.getLong(2)));
        Map<String, Column> columns = new HashMap<>();
        query("SELECT attrelid, attnum, attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute"
                + " WHERE attrelid IN (" + oids + ") AND attnum > 0 AND NOT attisdropped",
                row -> columns.put(row.getLong(1) + ":" + row.getInt(2), new Column(row.getLong(1), row.getInt(2),
                        row.getString(3), row.getString(4), row.getBoolean(5))));
        Map<Long, String> indexes = new HashMap<>();
        query("SELECT i.indexrelid, i.indrelid, c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " WHERE i.indrelid IN (" + oids + ")", row -> {
                    indexes.put(row.getLong(1), row.getString(3));
                    indexTables.put(row.getLong(1), row.getLong(2));
                });
        Map<Long, Constraint> constraints = new HashMap<>();
        query("SELECT oid, conrelid, conname, contype, convalidated FROM pg_constraint WHERE conrelid IN (" + oids
                + ")", row -> constraints.put(row.getLong(1), new Constraint(row.getLong(2), row.getString(3),
                        row.getString(4), row.getBoolean(5))));
        Map<Long, Long> scans = new HashMap<>();
        Map<Long, Long> writes = new HashMap<>();
        query("SELECT relid, seq_scan, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
                + " WHERE relid IN (" + oids + ")", row -> {
                    scans.put(row.getLong(1), row.getLong(2));
                    writes.put(row.getLong(1), row.getLong(3));
                });
        Map<Long, Set<String>> locks = new HashMap<>();
        query("SELECT relation, mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation' AND granted"
                + " AND relation IN (" + oids + ")",
                row -> locks.computeIfAbsent(row.getLong(1), oid -> new HashSet<>()).add(row.getString(2)));
        return new State(relfilenodes, columns, indexes, constraints, scans, writes, locks);
    }

    /** The tables of the public schema (not Flyway's), by oid. */
    private Map<Long, String> tables() throws SQLException {
        Map<Long, String> tables = new LinkedHashMap<>();
        query("SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'flyway_schema_history'"
                + " ORDER BY c.relname", row -> tables.put(row.getLong(1), row.getString(2)));
        return tables;
    }

    private interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    private void query(String sql, RowReader reader) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                reader.read(rows);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    // ---- rows in every table ---------------------------------------------------------------------------------------

    private record SeedColumn(String name, String type, String category, String typeName, boolean notNull,
            boolean hasDefault, boolean generated, String firstEnumLabel) {}

    /** Gives every empty table of the public schema a row, parents before children; reports what it cannot. */
    private void seed() throws SQLException {
        Map<String, List<SeedColumn>> columns = new LinkedHashMap<>();
        query("SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), t.typcategory, t.typname,"
                + " a.attnotnull, a.atthasdef OR a.attidentity <> '', a.attgenerated <> '',"
                + " (SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder LIMIT 1)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                + " JOIN pg_type t ON t.oid = a.atttypid"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'flyway_schema_history'"
                + " AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)"
                + " ORDER BY c.relname, a.attnum",
                row -> columns.computeIfAbsent(row.getString(1), table -> new ArrayList<>()).add(new SeedColumn(
                        row.getString(2), row.getString(3), row.getString(4), row.getString(5), row.getBoolean(6),
                        row.getBoolean(7), row.getBoolean(8), row.getString(9))));
        // single-column foreign keys: child table -> column -> "parent.column"
        Map<String, Map<String, String[]>> references = new HashMap<>();
        query("SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, fa.attname"
                + " FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
                + " JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]"
                + " WHERE c.contype = 'f' AND cardinality(c.conkey) = 1",
                row -> references.computeIfAbsent(row.getString(1), table -> new HashMap<>())
                        .put(row.getString(2), new String[] {row.getString(3), row.getString(4)}));
        Set<String> empty = new HashSet<>();
        for (String table : columns.keySet()) {
            if (isEmpty(table)) {
                empty.add(table);
            }
        }
        Map<String, String> failures = new LinkedHashMap<>();
        boolean progress = true;
        while (progress && !empty.isEmpty()) {
            progress = false;
            for (String table : List.copyOf(empty)) {
                String failure = null;
                for (String insert : inserts(table, columns.get(table), references.getOrDefault(table, Map.of()))) {
                    try {
                        execute(insert);
                        failure = null;
                        break;
                    } catch (SQLException e) {
                        failure = firstLine(e.getMessage());
                    }
                }
                if (failure == null) {
                    empty.remove(table);
                    failures.remove(table);
                    progress = true;
                } else {
                    failures.put(table, failure);
                }
            }
        }
        failures.forEach((table, failure) -> {
            String note = table + ": " + failure;
            if (!notSeeded.contains(note)) {
                notSeeded.add(note);
            }
        });
    }

    private boolean isEmpty(String table) throws SQLException {
        boolean[] empty = {true};
        query("SELECT 1 FROM " + quote(table) + " LIMIT 1", row -> empty[0] = false);
        return empty[0];
    }

    /**
     * The inserts to try, in order: every column with a value; only the required ones; the required ones and one
     * nullable reference (a check such as "exactly one owner" allows only that).
     */
    private static List<String> inserts(String table, List<SeedColumn> columns, Map<String, String[]> references) {
        List<String> inserts = new ArrayList<>();
        inserts.add(insert(table, columns, references, column -> true));
        inserts.add(insert(table, columns, references, column -> false));
        for (SeedColumn optional : columns) {
            if (!optional.notNull() && references.containsKey(optional.name())) {
                inserts.add(insert(table, columns, references, column -> column == optional));
            }
        }
        return inserts;
    }

    private static String insert(String table, List<SeedColumn> columns, Map<String, String[]> references,
            java.util.function.Predicate<SeedColumn> fillOptional) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (SeedColumn column : columns) {
            String[] parent = references.get(column.name());
            if (column.generated() || column.hasDefault() && parent == null) {
                continue;
            }
            if (!column.notNull() && (!fillOptional.test(column)
                    // a nullable UUID is a reference in this schema, perhaps to a table a later migration creates
                    || parent == null && column.typeName().equals("uuid"))) {
                continue;
            }
            String value = parent != null
                    ? "(SELECT " + quote(parent[1]) + " FROM " + quote(parent[0]) + " LIMIT 1)"
                    : literal(column);
            if (value == null) {
                continue;
            }
            names.add(quote(column.name()));
            values.add(value);
        }
        return names.isEmpty()
                ? "INSERT INTO " + quote(table) + " DEFAULT VALUES"
                : "INSERT INTO " + quote(table) + " (" + String.join(", ", names) + ") VALUES ("
                        + String.join(", ", values) + ")";
    }

    private static String literal(SeedColumn column) {
        String text = switch (column.category()) {
            case "E" -> column.firstEnumLabel();
            case "S" -> "lint";
            case "N" -> "1";
            case "B" -> "false";
            case "D" -> "2026-01-01 00:00:00+00";
            case "T" -> "1 hour";
            case "I" -> "127.0.0.1";
            case "A" -> "{}";
            case "U" -> switch (column.typeName()) {
                case "uuid" -> null;
                case "json", "jsonb" -> "{}";
                case "bytea" -> "\\x" + "00".repeat(32); // the size of a SHA-256, which some checks expect
                default -> "";
            };
            default -> "";
        };
        if (column.typeName().equals("uuid")) {
            return "gen_random_uuid()";
        }
        if (text == null || text.isEmpty() && !column.category().equals("S")) {
            return null;
        }
        return "CAST('" + text.replace("'", "''") + "' AS " + column.type() + ")";
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static String firstLine(String message) {
        return message == null ? "unknown error" : message.strip().lines().findFirst().orElse(message);
    }
}
