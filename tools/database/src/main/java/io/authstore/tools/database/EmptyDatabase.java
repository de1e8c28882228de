package io.authstore.tools.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A database lent to the build ({@code PREPARE_DATABASE_URL}). The build takes it only when it holds nothing, so that
 * it never touches anybody's data, holds an advisory lock on it so that two builds cannot share it, and empties it
 * again when it gives it back.
 */
public final class EmptyDatabase implements AutoCloseable {

    /** The advisory lock key of a lent database ("authstor"). */
    private static final long LOCK_KEY = 0x6175_7468_7374_6f72L;

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

    private final DatabaseUrl url;
    private final Connection lockHolder;
    private final int serverMajorVersion;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmptyDatabase(DatabaseUrl url, Connection lockHolder, int serverMajorVersion) {
        this.url = url;
        this.lockHolder = lockHolder;
        this.serverMajorVersion = serverMajorVersion;
    }

    /**
     * Takes an empty database for the build.
     *
     * @throws MigrationException with reason {@link MigrationException.Reason#UNEXPECTED_STATE}, listing what the
     *     database holds, unless it is empty; or naming the other build that holds it
     */
    public static EmptyDatabase lend(DatabaseUrl url) {
        return lend(url, "PREPARE_DATABASE_URL", "the build");
    }

    /**
     * Takes an empty database for a program other than the build (a benchmark, a soak run).
     *
     * @param variable the environment variable that named the database, for the error messages
     * @param user who takes it, for the error messages, e.g. "the benchmark"
     */
    public static EmptyDatabase lend(DatabaseUrl url, String variable, String user) {
        Connection connection = null;
        try {
            connection = connect(url);
            if (!tryLock(connection)) {
                throw new MigrationException(MigrationException.Reason.UNEXPECTED_STATE, "another run is using "
                        + url.redacted() + " (make prepare, make check, a benchmark or a soak run): wait for it,"
                        + " or use another database");
            }
            List<String[]> objects = objects(connection);
            if (!objects.isEmpty()) {
                List<String> names = objects.stream().limit(10).map(object -> object[0]).toList();
                throw new MigrationException(MigrationException.Reason.UNEXPECTED_STATE, url.redacted()
                        + " is not empty, and " + user + " only uses an empty database (it never touches existing"
                        + " data). It holds " + objects.size() + " objects, e.g. " + String.join(", ", names)
                        + ". Create an empty one (CREATE DATABASE authstore_scratch) and point " + variable
                        + " at it, or unset " + variable + " to use the embedded PostgreSQL.");
            }
            return new EmptyDatabase(url, connection, serverMajorVersion(connection));
        } catch (SQLException e) {
            closeQuietly(connection);
            throw cannotUse(url, e);
        } catch (RuntimeException e) {
            closeQuietly(connection); // closing the session also releases its advisory lock
            throw e;
        }
    }

    public DatabaseUrl url() {
        return url;
    }

    /** The server's major version, e.g. 17: the generated snapshot can depend on it. */
    public int serverMajorVersion() {
        return serverMajorVersion;
    }

    /** Drops everything the build created in the database (it was empty) and lets it go. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try (Statement statement = lockHolder.createStatement()) {
            lockHolder.setAutoCommit(false);
            for (String[] object : objects(lockHolder)) {
                statement.execute(object[1]);
            }
            lockHolder.commit();
        } catch (SQLException e) {
            throw cannotUse(url, e);
        } finally {
            closeQuietly(lockHolder);
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, LOCK_KEY);
            try (ResultSet row = lock.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    private static int serverMajorVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select current_setting('server_version_num')::int / 10000")) {
            row.next();
            return row.getInt(1);
        }
    }

    private static List<String[]> objects(Connection connection) throws SQLException {
        List<String[]> objects = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(OBJECTS)) {
            while (rows.next()) {
                objects.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        }
        return objects;
    }

    private static Connection connect(DatabaseUrl url) throws SQLException {
        return DriverManager.getConnection(url.jdbcUrl(), NetworkBounds.shortStatementProperties(url));
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the server drops the session, and its lock, when the connection goes
        }
    }

    private static MigrationException cannotUse(DatabaseUrl url, SQLException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage().lines().findFirst().orElse("");
        return new MigrationException(MigrationException.Reason.UNREACHABLE, "cannot use " + url.redacted() + ": "
                + reason, e);
    }
}
