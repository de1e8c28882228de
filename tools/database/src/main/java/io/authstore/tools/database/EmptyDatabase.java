package io.authstore.tools.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Guards a database lent to the build ({@code PREPARE_DATABASE_URL}): the build uses it only when it holds nothing
 * (so that it never touches anybody's data), and empties it again afterwards.
 */
public final class EmptyDatabase {

    private static final String SYSTEM_SCHEMAS = "('pg_catalog', 'information_schema', 'pg_toast')";
    private static final String OBJECTS = """
            select 'relation ' || n.nspname || '.' || c.relname, 'drop table if exists ' || quote_ident(n.nspname)
                   || '.' || quote_ident(c.relname) || ' cascade'
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname not in %1$s and n.nspname not like 'pg\\_%%' and c.relkind in ('r', 'p', 'f')
            union all
            select 'relation ' || n.nspname || '.' || c.relname, 'drop ' || case c.relkind when 'v' then 'view'
                   when 'm' then 'materialized view' else 'sequence' end || ' if exists ' || quote_ident(n.nspname)
                   || '.' || quote_ident(c.relname) || ' cascade'
              from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname not in %1$s and n.nspname not like 'pg\\_%%' and c.relkind in ('v', 'm', 'S')
            union all
            select 'extension ' || extname, 'drop extension if exists ' || quote_ident(extname) || ' cascade'
              from pg_extension where extname <> 'plpgsql'
            union all
            select 'type ' || n.nspname || '.' || t.typname, 'drop type if exists ' || quote_ident(n.nspname) || '.'
                   || quote_ident(t.typname) || ' cascade'
              from pg_type t join pg_namespace n on n.oid = t.typnamespace
             where n.nspname not in %1$s and n.nspname not like 'pg\\_%%' and t.typtype in ('e', 'd', 'r', 'm')
            union all
            select 'function ' || n.nspname || '.' || p.proname, 'drop routine if exists '
                   || p.oid::regprocedure::text || ' cascade'
              from pg_proc p join pg_namespace n on n.oid = p.pronamespace
             where n.nspname not in %1$s and n.nspname not like 'pg\\_%%'
               and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
            union all
            select 'schema ' || nspname, 'drop schema if exists ' || quote_ident(nspname) || ' cascade'
              from pg_namespace where nspname not in %1$s and nspname <> 'public' and nspname not like 'pg\\_%%'
            """.formatted(SYSTEM_SCHEMAS);

    private EmptyDatabase() {}

    /**
     * @throws MigrationException with reason {@link MigrationException.Reason#UNEXPECTED_STATE}, listing what the
     *     database holds, unless it is empty
     */
    public static void require(DatabaseUrl url) {
        List<String[]> objects = objects(url);
        if (!objects.isEmpty()) {
            List<String> names = objects.stream().limit(10).map(object -> object[0]).toList();
            throw new MigrationException(MigrationException.Reason.UNEXPECTED_STATE, url.redacted()
                    + " is not empty, and the build only uses an empty database (it never touches existing data)."
                    + " It holds " + objects.size() + " objects, e.g. " + String.join(", ", names)
                    + ". Create an empty one (CREATE DATABASE authstore_prepare) and point PREPARE_DATABASE_URL"
                    + " at it, or unset PREPARE_DATABASE_URL to use the embedded PostgreSQL.");
        }
    }

    /** Drops everything in the database; only for one that {@link #require(DatabaseUrl)} found empty. */
    public static void reset(DatabaseUrl url) {
        List<String[]> objects = objects(url);
        try (Connection connection = connect(url); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (String[] object : objects) {
                statement.execute(object[1]);
            }
            connection.commit();
        } catch (SQLException e) {
            throw unreachableOr(url, e);
        }
    }

    private static List<String[]> objects(DatabaseUrl url) {
        List<String[]> objects = new ArrayList<>();
        try (Connection connection = connect(url);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(OBJECTS)) {
            while (rows.next()) {
                objects.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        } catch (SQLException e) {
            throw unreachableOr(url, e);
        }
        return objects;
    }

    private static Connection connect(DatabaseUrl url) throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
    }

    private static MigrationException unreachableOr(DatabaseUrl url, SQLException e) {
        return new MigrationException(MigrationException.Reason.UNREACHABLE,
                "cannot use " + url.redacted() + ": " + e.getMessage().lines().findFirst().orElse(""), e);
    }
}
