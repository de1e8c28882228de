package io.authstore.tools.database;

import io.authstore.tools.embedded.EphemeralPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Fresh databases on the shared embedded PostgreSQL, copies of the migrations, and catalog queries. */
final class TestDatabases {

    static final Path MIGRATIONS =
            Path.of(System.getProperty("authstore.projectRoot", "../.."), "schema/src/main/resources/db/migration");

    private TestDatabases() {}

    static DatabaseUrl freshDatabase() {
        EphemeralPostgres server = EphemeralPostgres.shared();
        return DatabaseUrl.parse(server.uri(server.createDatabase()));
    }

    /** A writable copy of the project's migrations, to edit or extend in a test. */
    static Path copyOfMigrations(Path directory) {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.toList()) {
                Files.copy(file, directory.resolve(file.getFileName()));
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long migrationFileCount() {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.filter(file -> file.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> query(DatabaseUrl url, String sql) {
        try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rows.getString(i));
                }
                result.add(row.toString());
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every table, column, type, index and constraint of the public schema, and the migration history. */
    static List<String> schemaAndHistory(DatabaseUrl url) {
        List<String> shape = new ArrayList<>(query(url, """
                select table_name, column_name, data_type, is_nullable, column_default
                  from information_schema.columns where table_schema = 'public' order by 1, 2"""));
        shape.addAll(query(url, "select indexname, indexdef from pg_indexes where schemaname = 'public' order by 1"));
        shape.addAll(query(url, """
                select conname, pg_get_constraintdef(c.oid) from pg_constraint c
                  join pg_namespace n on n.oid = c.connamespace where n.nspname = 'public' order by 1"""));
        if (!query(url, "select 1 from pg_tables where tablename = 'flyway_schema_history'").isEmpty()) {
            shape.addAll(query(url, """
                    select installed_rank, version, script, checksum, success from flyway_schema_history
                     order by installed_rank"""));
        }
        return shape;
    }

    static int tableCount(DatabaseUrl url) {
        return Integer.parseInt(query(url, """
                select count(*) from information_schema.tables
                 where table_schema = 'public' and table_name <> 'flyway_schema_history'""").get(0));
    }
}
