package io.authstore.tools.bench;

import io.authstore.tools.database.DatabaseUrl;
import io.authstore.url.HostAndPort;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The physical limit: PostgreSQL's pgbench running the statements authstore sends ({@link PgbenchScripts}), with
 * {@code -M prepared}, as many connections as clients, on the same database. Its latencies come from its
 * per-transaction log; its CPU from this JVM's reaped children's times.
 */
final class PgbenchContender implements Contender {

    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private final DatabaseUrl url;
    private final PgbenchScripts scripts;
    private final Path workDirectory;

    PgbenchContender(DatabaseUrl url, Seed seed, Path workDirectory) {
        this.url = url;
        this.scripts = new PgbenchScripts(seed);
        this.workDirectory = workDirectory;
    }

    /** Fails with what to do when pgbench is not installed. */
    static void requireInstalled() throws IOException, InterruptedException {
        try {
            Process process = new ProcessBuilder("pgbench", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (process.waitFor() == 0) {
                return;
            }
        } catch (IOException e) {
            // not found
        }
        throw new IllegalStateException("pgbench is not installed: install Debian's postgresql-client"
                + " (apt-get install postgresql-client), or run make bench, which installs it");
    }

    @Override
    public String name() {
        return Report.PGBENCH;
    }

    @Override
    public Measurement run(Workload workload, int clients, int round, Timing timing)
            throws IOException, InterruptedException {
        Path script = workDirectory.resolve(workload.id() + ".sql");
        Files.writeString(script, scripts.script(workload));
        if (timing.warmup().toSeconds() > 0) {
            pgbench(script, clients, timing.warmup().toSeconds(), null);
        }
        String logPrefix = workDirectory.resolve("log-" + workload.id() + "-" + clients + "-" + round).toString();
        Cpu start = Cpu.now();
        long childrenStart = Cpu.childrenNanos();
        String output = pgbench(script, clients, Math.max(1, timing.window().toSeconds()), logPrefix);
        long childrenEnd = Cpu.childrenNanos();
        Cpu stop = Cpu.now();

        long processed = Long.parseLong(find(PROCESSED, output, "transactions processed"));
        Matcher failed = FAILED.matcher(output);
        long errors = failed.find() ? Long.parseLong(failed.group(1)) : 0;
        double tps = Double.parseDouble(find(TPS, output, "tps"));
        Histogram latencies = latencies(logPrefix);
        return new Measurement(name(), workload, clients, round, processed, errors, processed / tps,
                latencies.getValueAtPercentile(50), latencies.getValueAtPercentile(99),
                latencies.getValueAtPercentile(99.9),
                Cpu.microsPerOp(childrenStart, childrenEnd, processed),
                Cpu.microsPerOp(start.postgresNanos(), stop.postgresNanos(), processed));
    }

    private String pgbench(Path script, int clients, long seconds, String logPrefix)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pgbench", "--no-vacuum", "--protocol=prepared",
                "--client=" + clients, "--jobs=" + Math.min(clients, Runtime.getRuntime().availableProcessors()),
                "--time=" + seconds, "--file=" + script));
        if (logPrefix != null) {
            command.add("--log");
            command.add("--log-prefix=" + logPrefix);
        }
        HostAndPort host = url.hosts().getFirst();
        command.addAll(List.of("--host=" + host.host(), "--port=" + host.port(), "--username=" + url.user(),
                url.database()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        // The password goes through the environment, never the command line (ps shows that to everyone).
        url.password().ifPresent(password -> environment.put("PGPASSWORD", password));
        String sslMode = url.parameters().get("sslmode");
        if (sslMode != null) {
            environment.put("PGSSLMODE", sslMode);
        }
        environment.put("PGAPPNAME", "authstore-bench-pgbench");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0 || output.contains("aborted")) {
            throw new IllegalStateException("pgbench failed (exit " + exit + "):\n" + DatabaseUrl.redact(output));
        }
        return output;
    }

    private static String find(Pattern pattern, String output, String what) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("pgbench printed no " + what + ":\n" + output);
        }
        return matcher.group(1);
    }

    /** Reads and deletes pgbench's per-transaction logs: "client transaction latency_us script epoch us". */
    private Histogram latencies(String logPrefix) throws IOException {
        Histogram histogram = new Histogram(600_000_000L, 3);
        Path prefix = Path.of(logPrefix);
        try (Stream<Path> files = Files.list(workDirectory)) {
            for (Path log : files.filter(file -> file.getFileName().toString()
                    .startsWith(prefix.getFileName().toString() + ".")).toList()) {
                try (Stream<String> lines = Files.lines(log)) {
                    lines.forEach(line -> {
                        String[] fields = line.split(" ");
                        histogram.recordValue(Math.max(1, Long.parseLong(fields[2])));
                    });
                }
                Files.delete(log);
            }
        }
        return histogram;
    }
}
