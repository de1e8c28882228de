package io.authstore.storage.jooq.faults;

import io.authstore.tools.database.DatabaseUrl;
import io.authstore.tools.database.Migrations;
import io.authstore.tools.embedded.EphemeralPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A primary and a hot standby that streams from it with synchronous replication, both from the embedded PostgreSQL
 * binaries: the standby's data directory is a copy taken between {@code pg_backup_start} and {@code pg_backup_stop}
 * (the embedded binaries have no pg_basebackup), with that backup's label, a {@code standby.signal} and the
 * primary's address. The primary holds one migrated database, so the standby holds it too.
 */
final class ReplicatedPair implements AutoCloseable {

    private static final String STANDBY_NAME = "authstore_standby";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EphemeralPostgres primary;
    private final Path standbyDirectory;
    private final Path postgresBinaries;
    private final int standbyPort;
    private final String database;
    private boolean standbyRunning;

    private ReplicatedPair(EphemeralPostgres primary, Path standbyDirectory, Path postgresBinaries, int standbyPort,
            String database) {
        this.primary = primary;
        this.standbyDirectory = standbyDirectory;
        this.postgresBinaries = postgresBinaries;
        this.standbyPort = standbyPort;
        this.database = database;
    }

    static ReplicatedPair start() throws Exception {
        EphemeralPostgres primary = EphemeralPostgres.start(Map.of(
                "wal_level", "replica",
                "max_wal_senders", "4",
                "wal_keep_size", "64MB",
                // the embedded server turns commits asynchronous for speed; a commit must wait for the standby here,
                // and return only once the standby shows it (with no standby named yet, it waits for nothing)
                "synchronous_commit", "remote_apply"));
        ReplicatedPair pair = null;
        try {
            String database = primary.createDatabase();
            Migrations.fromClasspath(DatabaseUrl.parse(primary.uri(database))).migrate();
            String options = Files.readString(primary.dataDirectory().resolve("postmaster.opts"), StandardCharsets.UTF_8);
            Path binaries = Path.of(options.substring(0, options.indexOf(" \""))).getParent();
            Path standbyDirectory = primary.dataDirectory().resolveSibling(primary.dataDirectory().getFileName()
                    + "-standby");
            pair = new ReplicatedPair(primary, standbyDirectory, binaries, freePort(), database);
            pair.copyPrimary();
            pair.startStandby();
            pair.makeReplicationSynchronous();
            return pair;
        } catch (Exception | Error e) {
            if (pair != null) {
                pair.close();
            } else {
                primary.close();
            }
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** PostgreSQL's low-level base backup: files copied while the primary runs, made consistent by the WAL. */
    private void copyPrimary() throws Exception {
        try (Connection connection = primary.connect(EphemeralPostgres.DEFAULT_DATABASE);
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_backup_start('" + STANDBY_NAME + "', true)");
            run(List.of("cp", "-a", primary.dataDirectory().toString(), standbyDirectory.toString()));
            String label;
            try (ResultSet stop = statement.executeQuery("SELECT labelfile FROM pg_backup_stop(false)")) {
                stop.next();
                label = stop.getString(1);
            }
            Files.deleteIfExists(standbyDirectory.resolve("postmaster.pid"));
            Files.deleteIfExists(standbyDirectory.resolve("postmaster.opts"));
            Files.writeString(standbyDirectory.resolve("backup_label"), label, StandardCharsets.UTF_8);
            Files.writeString(standbyDirectory.resolve("standby.signal"), "");
            Files.writeString(standbyDirectory.resolve("postgresql.auto.conf"),
                    "primary_conninfo = 'host=localhost port=" + primary.port() + " user=" + EphemeralPostgres.SUPERUSER
                            + " application_name=" + STANDBY_NAME + "'\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /**
     * The primary's own server options (a standby needs at least its max_connections and the like), on the standby's
     * port.
     */
    private String standbyOptions() throws IOException {
        String options = Files.readString(primary.dataDirectory().resolve("postmaster.opts"), StandardCharsets.UTF_8);
        List<String> arguments = new ArrayList<>();
        java.util.regex.Matcher quoted = java.util.regex.Pattern.compile("\"([^\"]*)\"").matcher(options);
        while (quoted.find()) {
            arguments.add(quoted.group(1));
        }
        StringBuilder standby = new StringBuilder();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals("-D") || argument.equals("-p")) {
                i++; // pg_ctl gives the data directory; the port is the standby's own
                continue;
            }
            standby.append('"').append(argument).append("\" ");
        }
        return standby.append("\"-p\" \"").append(standbyPort).append('"').toString();
    }

    private void startStandby() throws Exception {
        Path log = Path.of(standbyDirectory + ".log");
        try {
            pgCtl(standbyDirectory, "start", "-w", "-t", "60", "-l", log.toString(),
                    "-o", standbyOptions());
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + "\nthe standby said:\n"
                    + (Files.exists(log) ? Files.readString(log) : "nothing"), e);
        }
        standbyRunning = true;
    }

    /** From now on a commit on the primary returns once the standby has applied it. */
    private void makeReplicationSynchronous() throws Exception {
        try (Connection connection = primary.connect(EphemeralPostgres.DEFAULT_DATABASE);
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM SET synchronous_standby_names = '" + STANDBY_NAME + "'");
            statement.execute("SELECT pg_reload_conf()");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                try (ResultSet state = statement.executeQuery(
                        "SELECT sync_state FROM pg_stat_replication WHERE application_name = '" + STANDBY_NAME + "'")) {
                    if (state.next() && state.getString(1).equals("sync")) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the standby did not become synchronous within " + WAIT);
                }
                Thread.sleep(50);
            }
        }
    }

    /** What the primary says of its standby and its commit settings, for messages. */
    String replicationState() throws SQLException {
        try (Connection connection = primary.connect(database); Statement statement = connection.createStatement();
                ResultSet state = statement.executeQuery("SELECT current_setting('synchronous_commit'),"
                        + " current_setting('synchronous_standby_names'), r.sync_state, r.replay_lsn,"
                        + " pg_current_wal_lsn() FROM pg_stat_replication r")) {
            return state.next() ? state.getString(1) + " " + state.getString(2) + " " + state.getString(3)
                    + " replayed " + state.getString(4) + " of " + state.getString(5) : "no standby connected";
        }
    }

    /** A libpq URL naming both servers, primary first, with extra parameters. */
    String url(String parameters) {
        return "postgresql://" + EphemeralPostgres.SUPERUSER + "@localhost:" + primary.port() + ",localhost:"
                + standbyPort + "/" + database + "?sslmode=disable&" + parameters;
    }

    String database() {
        return database;
    }

    Connection connectToStandby() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + standbyPort + "/" + database,
                EphemeralPostgres.SUPERUSER, "");
    }

    /** Stops the primary (fast shutdown: its clients are disconnected at once). */
    void stopPrimary() {
        primary.stopKeepingData();
    }

    /** Promotes the standby and waits until it accepts writes. */
    void promoteStandby() throws SQLException {
        try (Connection connection = connectToStandby(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_promote(true, 30)");
        }
    }

    private void pgCtl(Path dataDirectory, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U")); // PostgreSQL refuses to run as root
        }
        command.add(postgresBinaries.resolve("pg_ctl").toString());
        command.addAll(List.of("-D", dataDirectory.toString()));
        command.addAll(List.of(arguments));
        run(command);
    }

    private static void run(List<String> command) throws Exception {
        Path output = Files.createTempFile("replicated-pair", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Redirect.to(output.toFile())).start();
            if (!process.waitFor(WAIT.toSeconds() * 2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not end within " + WAIT.multipliedBy(2));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed: " + Files.readString(output));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (standbyRunning) {
                pgCtl(standbyDirectory, "stop", "-m", "immediate", "-w", "-t", "30");
            }
        } finally {
            try {
                primary.close();
            } finally {
                run(List.of("rm", "-rf", standbyDirectory.toString(), standbyDirectory + ".log"));
            }
        }
    }
}
