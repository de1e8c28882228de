package io.authstore.tools.bench;

import io.authstore.storage.jooq.StorageSettings;
import io.authstore.tools.harness.TargetDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code make bench}: seeds a data set, then runs every workload at every client count with each contender in turn
 * (authstore, r2dbc-postgresql and r2dbc-pool by hand, jOOQ over JDBC on platform and on virtual threads, pgbench),
 * interleaved so that the machine's drift
 * hits all of them alike, and prints medians and ratios. The last line is the headline ratio at the most clients.
 */
public final class Bench {

    private static final Path OUTPUT = Path.of("target", "bench");

    private Bench() {}

    public static void main(String[] args) throws Exception {
        BenchConfig config;
        try {
            config = BenchConfig.fromEnvironment(System.getenv());
            PgbenchContender.requireInstalled();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Files.createDirectories(OUTPUT);
        Map<String, String> context = context(config);
        try (TargetDatabase database = TargetDatabase.open("the benchmark", Map.of("max_connections", "200"))) {
            context.put("database", database.redacted() + (database.embedded() ? " (embedded)" : ""));
            try (Connection connection = database.connect()) {
                context.put("server", serverVersion(connection));
                System.out.printf("seeding %d users (with an e-mail and a password each), %d browser sessions"
                        + " (with an authentication each) into %s%n", config.seed().users(), config.seed().sessions(),
                        database.redacted());
                Duration seeding = config.seed().write(connection);
                context.put("seed_ms", String.valueOf(seeding.toMillis()));
                System.out.printf("seeding took %.1f s%n", seeding.toMillis() / 1000.0);
            }
            context.forEach((key, value) -> System.out.println(key + ": " + value));
            Report report = run(config, database);
            System.out.println();
            System.out.print(report.table());
            Path json = OUTPUT.resolve("results.json");
            report.writeJson(json, context);
            System.out.println("every measurement: " + json.toAbsolutePath());
            System.out.println(report.ratioLine(config.maxClients()));
        }
    }

    private static Report run(BenchConfig config, TargetDatabase database) throws Exception {
        int pool = config.maxClients();
        StorageSettings settings = database.storageSettings()
                .maxSize(pool)
                .applicationName("authstore-bench")
                .acquireTimeout(Duration.ofSeconds(30))
                // 32 clients on 2 cores make many statements "slow"; a WARN line for each would be measured too.
                .slowStatementThreshold(Duration.ofSeconds(10))
                // 32 clients updating the same 1000-session batches queue for their row locks for seconds: overload on
                // purpose, which the default statement timeout would cut short
                .statementTimeout(Duration.ofSeconds(60))
                .build();
        List<Measurement> measurements = new ArrayList<>();
        try (AuthstoreContender authstore = new AuthstoreContender(settings, config.seed());
                R2dbcRawContender raw = new R2dbcRawContender(settings, config.seed());
                JdbcContender jdbc = JdbcContender.platformThreads(database.parsedUrl(), pool, config.seed());
                JdbcContender virtual = JdbcContender.virtualThreads(database.parsedUrl(), pool, config.seed());
                PgbenchContender pgbench = new PgbenchContender(database.parsedUrl(), config.seed(), OUTPUT)) {
            List<Contender> contenders = Stream.of(authstore, raw, jdbc, virtual, pgbench)
                    .filter(contender -> config.contenders().contains(contender.name()))
                    .toList();
            warmUp(config, contenders.stream().filter(contender -> contender != pgbench).toList());
            for (Workload workload : config.workloads()) {
                settle(database);
                int rounds = workload.isHeadline() ? config.rounds() : config.otherRounds();
                for (int clients : config.clients()) {
                    for (int round = 1; round <= rounds; round++) {
                        for (Contender contender : contenders) {
                            Measurement measurement = contender.run(workload, clients, round, config.timing());
                            measurements.add(measurement);
                            print(measurement);
                        }
                    }
                }
            }
        }
        return new Report(measurements);
    }

    /**
     * Before each workload, untimed: the rows the writes before it left behind are vacuumed and flushed now, instead of
     * by autovacuum and the checkpointer inside the next workload's first windows, where they cost whichever contender
     * ran then (a full run once measured the introspection's first two authstore windows at twice the server CPU per
     * operation of the third, right after the batch workload).
     */
    private static void settle(TargetDatabase database) throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("vacuum analyze");
            try {
                statement.execute("checkpoint");
            } catch (SQLException e) {
                // a database of one's own (DATABASE_URL) may not grant CHECKPOINT: the vacuum is the larger part
            }
        }
    }

    /** The JIT compiles jOOQ, R2DBC and JDBC paths before anything is measured; nothing here is recorded. */
    private static void warmUp(BenchConfig config, List<Contender> contenders) throws Exception {
        if (config.jvmWarmup().isZero()) {
            return;
        }
        Duration each = config.jvmWarmup().dividedBy(config.workloads().size());
        System.out.printf("warming up the JVM: %d s per in-process contender%n", config.jvmWarmup().toSeconds());
        for (Contender contender : contenders) {
            for (Workload workload : config.workloads()) {
                contender.run(workload, Math.min(8, config.maxClients()), 0, new Timing(Duration.ZERO, each));
            }
        }
    }

    private static void print(Measurement m) {
        System.out.printf("%-16s %3d clients round %d %-13s %9.0f ops/s  p50 %6.0f µs  p99 %7.0f µs  p99.9 %7.0f µs"
                        + "  cpu/op client %s server %s%s%n",
                m.workload().id(), m.clients(), m.round(), m.contender(), m.opsPerSecond(), m.p50Micros(),
                m.p99Micros(), m.p999Micros(), micros(m.clientCpuMicrosPerOp()), micros(m.serverCpuMicrosPerOp()),
                m.errors() > 0 ? "  ERRORS " + m.errors() : "");
    }

    private static String micros(double value) {
        return value < 0 ? "-" : String.format("%.0f µs", value);
    }

    private static Map<String, String> context(BenchConfig config) throws IOException {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("date", Instant.now().toString());
        context.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + memory() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        context.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        context.put("config", "window " + config.window().toSeconds() + " s, warm-up " + config.warmup().toSeconds()
                + " s, JVM warm-up " + config.jvmWarmup().toSeconds() + " s, lookup rounds " + config.rounds()
                + ", clients " + config.clients() + ", pools of " + config.maxClients() + " connections");
        // Figures that make bench measured before this program started (see the Makefile).
        Path measuredBefore = OUTPUT.resolve("context.txt");
        if (Files.exists(measuredBefore)) {
            for (String line : Files.readAllLines(measuredBefore)) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    context.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
                }
            }
        }
        return context;
    }

    private static String memory() throws IOException {
        Path meminfo = Path.of("/proc/meminfo");
        if (!Files.exists(meminfo)) {
            return "memory unknown";
        }
        String total = Files.readAllLines(meminfo).getFirst().replaceAll("\\D", "");
        return Math.round(Long.parseLong(total) / 1024.0 / 1024.0) + " GiB";
    }

    private static String serverVersion(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("show server_version")) {
            result.next();
            return "PostgreSQL " + result.getString(1);
        }
    }
}
