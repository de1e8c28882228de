package io.authstore.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The figures of a run: each contender's median over its rounds per workload and client count, authstore's ratios
 * to the baselines measured in the same run, a table for people and a JSON file for programs.
 */
final class Report {

    static final String AUTHSTORE = "authstore";
    static final String PGBENCH = "pgbench";
    static final String JDBC = "jdbc";
    static final String JDBC_VIRTUAL = "jdbc_virtual";
    static final String R2DBC_RAW = "r2dbc_raw";

    private final List<Measurement> measurements;

    Report(List<Measurement> measurements) {
        this.measurements = List.copyOf(measurements);
    }

    /** The median of one contender's rounds; the round with the median throughput gives the latencies. */
    record Median(String contender, Workload workload, int clients, int rounds, double opsPerSecond,
            Measurement representative) {}

    List<Median> medians() {
        Map<String, List<Measurement>> groups = measurements.stream().collect(Collectors.groupingBy(
                m -> m.workload().ordinal() + "/" + m.clients() + "/" + m.contender(), LinkedHashMap::new,
                Collectors.toList()));
        List<Median> medians = new ArrayList<>();
        for (List<Measurement> rounds : groups.values()) {
            List<Measurement> sorted = rounds.stream()
                    .sorted(Comparator.comparingDouble(Measurement::opsPerSecond)).toList();
            Measurement middle = sorted.get((sorted.size() - 1) / 2);
            double median = sorted.size() % 2 == 1 ? middle.opsPerSecond()
                    : (middle.opsPerSecond() + sorted.get(sorted.size() / 2).opsPerSecond()) / 2;
            medians.add(new Median(middle.contender(), middle.workload(), middle.clients(), sorted.size(), median,
                    middle));
        }
        return medians;
    }

    OptionalDouble ratio(Workload workload, int clients, String baseline) {
        OptionalDouble ours = throughput(workload, clients, AUTHSTORE);
        OptionalDouble theirs = throughput(workload, clients, baseline);
        if (ours.isEmpty() || theirs.isEmpty() || theirs.getAsDouble() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(ours.getAsDouble() / theirs.getAsDouble());
    }

    private OptionalDouble throughput(Workload workload, int clients, String contender) {
        return medians().stream()
                .filter(m -> m.workload() == workload && m.clients() == clients && m.contender().equals(contender))
                .mapToDouble(Median::opsPerSecond)
                .findFirst();
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-16s %7s %-13s %6s %10s %9s %9s %9s %10s %10s %8s %8s %8s %8s%n",
                "workload", "clients", "contender", "rounds", "ops/s", "p50 µs", "p99 µs", "p99.9 µs",
                "client µs", "server µs", "×pgbench", "×jdbc", "×virtual", "×raw"));
        for (Median median : medians()) {
            Measurement m = median.representative();
            out.append(String.format(Locale.ROOT, "%-16s %7d %-13s %6d %10.0f %9.0f %9.0f %9.0f %10s %10s %8s %8s %8s %8s%n",
                    m.workload().id(), m.clients(), m.contender(), median.rounds(), median.opsPerSecond(),
                    m.p50Micros(), m.p99Micros(), m.p999Micros(), cpu(m.clientCpuMicrosPerOp()),
                    cpu(m.serverCpuMicrosPerOp()),
                    ratioText(median, PGBENCH), ratioText(median, JDBC), ratioText(median, JDBC_VIRTUAL),
                    ratioText(median, R2DBC_RAW)));
        }
        return out.toString();
    }

    private String ratioText(Median median, String baseline) {
        return median.contender().equals(AUTHSTORE) ? format(authstoreRatio(median, baseline), "%.2f", "-") : "";
    }

    /** authstore's figure over the baseline's, in the same workload and client count; empty for the baselines. */
    private OptionalDouble authstoreRatio(Median median, String baseline) {
        return median.contender().equals(AUTHSTORE)
                ? ratio(median.workload(), median.clients(), baseline)
                : OptionalDouble.empty();
    }

    private static String format(OptionalDouble ratio, String pattern, String absent) {
        return ratio.isPresent() ? String.format(Locale.ROOT, pattern, ratio.getAsDouble()) : absent;
    }

    private static String cpu(double micros) {
        return micros < 0 ? "-" : String.format(Locale.ROOT, "%.0f", micros);
    }

    /** The headline: the lookup and the token introspection at the most clients, against both baselines. */
    String ratioLine(int clients) {
        return Stream.of(Workload.LOOKUP, Workload.INTROSPECT)
                .map(workload -> {
                    String name = workload == Workload.LOOKUP ? "lookup" : "introspect";
                    return name + "_vs_pgbench_" + clients + "="
                            + format(ratio(workload, clients, PGBENCH), "%.2f", "n/a")
                            + " " + name + "_vs_jdbc_" + clients + "="
                            + format(ratio(workload, clients, JDBC), "%.2f", "n/a")
                            + " " + name + "_vs_r2dbc_raw_" + clients + "="
                            + format(ratio(workload, clients, R2DBC_RAW), "%.2f", "n/a");
                })
                .collect(Collectors.joining(" "));
    }

    /** Every measurement and every median, as JSON. */
    void writeJson(Path file, Map<String, String> context) throws IOException {
        StringBuilder json = new StringBuilder("{\n  \"context\": {");
        json.append(context.entrySet().stream()
                .map(entry -> "\n    " + quote(entry.getKey()) + ": " + quote(entry.getValue()))
                .collect(Collectors.joining(",")));
        json.append("\n  },\n  \"medians\": [");
        json.append(medians().stream().map(median -> String.format(Locale.ROOT,
                        "\n    {\"workload\": %s, \"clients\": %d, \"contender\": %s, \"rounds\": %d,"
                                + " \"ops_per_second\": %.1f, \"ratio_to_pgbench\": %s, \"ratio_to_jdbc\": %s,"
                                + " \"ratio_to_jdbc_virtual\": %s, \"ratio_to_r2dbc_raw\": %s}",
                        quote(median.workload().id()), median.clients(), quote(median.contender()), median.rounds(),
                        median.opsPerSecond(), jsonRatio(median, PGBENCH), jsonRatio(median, JDBC),
                        jsonRatio(median, JDBC_VIRTUAL), jsonRatio(median, R2DBC_RAW)))
                .collect(Collectors.joining(",")));
        json.append("\n  ],\n  \"measurements\": [");
        json.append(measurements.stream().map(m -> String.format(Locale.ROOT,
                        "\n    {\"workload\": %s, \"clients\": %d, \"contender\": %s, \"round\": %d,"
                                + " \"operations\": %d, \"errors\": %d, \"seconds\": %.3f, \"ops_per_second\": %.1f,"
                                + " \"p50_us\": %.0f, \"p99_us\": %.0f, \"p999_us\": %.0f,"
                                + " \"client_cpu_us_per_op\": %.1f, \"server_cpu_us_per_op\": %.1f}",
                        quote(m.workload().id()), m.clients(), quote(m.contender()), m.round(), m.operations(),
                        m.errors(), m.seconds(), m.opsPerSecond(), m.p50Micros(), m.p99Micros(), m.p999Micros(),
                        m.clientCpuMicrosPerOp(), m.serverCpuMicrosPerOp()))
                .collect(Collectors.joining(",")));
        json.append("\n  ]\n}\n");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }

    private String jsonRatio(Median median, String baseline) {
        return format(authstoreRatio(median, baseline), "%.3f", "null");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
