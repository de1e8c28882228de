package io.authstore.tools.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a run measures, from the environment; the defaults fit the whole run in about 11 minutes on 2 cores.
 *
 * @param window BENCH_SECONDS: each contender's measured window
 * @param warmup BENCH_WARMUP_SECONDS: before each window, on the same pool
 * @param jvmWarmup BENCH_JVM_WARMUP_SECONDS: once at start, per in-process contender, spread over the workloads (the
 *     JIT needs 12–25 s before jOOQ and R2DBC level off)
 * @param rounds BENCH_ROUNDS: interleaved rounds of the lookup workload, whose median is the headline
 * @param otherRounds BENCH_OTHER_ROUNDS: rounds of the other workloads
 * @param clients BENCH_CLIENTS: the client counts, e.g. 1,8,32
 * @param workloads BENCH_WORKLOADS: which workloads, by id (all by default)
 * @param contenders BENCH_CONTENDERS: which contenders, by name (all by default), e.g. to profile one alone
 */
record BenchConfig(
        Duration window,
        Duration warmup,
        Duration jvmWarmup,
        int rounds,
        int otherRounds,
        List<Integer> clients,
        Set<Workload> workloads,
        Set<String> contenders,
        Seed seed) {

    static final List<String> CONTENDERS =
            List.of(Report.AUTHSTORE, Report.R2DBC_RAW, Report.JDBC, Report.JDBC_VIRTUAL, Report.PGBENCH);

    static BenchConfig fromEnvironment(Map<String, String> environment) {
        return new BenchConfig(
                Duration.ofSeconds(number(environment, "BENCH_SECONDS", 5, 1)),
                Duration.ofSeconds(number(environment, "BENCH_WARMUP_SECONDS", 2, 0)),
                Duration.ofSeconds(number(environment, "BENCH_JVM_WARMUP_SECONDS", 20, 0)),
                (int) number(environment, "BENCH_ROUNDS", 3, 1),
                (int) number(environment, "BENCH_OTHER_ROUNDS", 1, 1),
                clients(environment.getOrDefault("BENCH_CLIENTS", "1,8,32")),
                workloads(environment.get("BENCH_WORKLOADS")),
                contenders(environment.get("BENCH_CONTENDERS")),
                new Seed(number(environment, "BENCH_USERS", 100_000, 1),
                        number(environment, "BENCH_SESSIONS", 200_000, Seed.BATCH),
                        number(environment, "BENCH_OAUTH2_SESSIONS", 100_000, 1)));
    }

    private static long number(Map<String, String> environment, String variable, long fallback, long minimum) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number >= minimum) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(variable + " must be a whole number of at least " + minimum + ", not '"
                + value + "'");
    }

    private static List<Integer> clients(String value) {
        try {
            List<Integer> clients = Arrays.stream(value.split(",")).map(String::strip).map(Integer::valueOf).toList();
            if (!clients.isEmpty() && clients.stream().allMatch(count -> count >= 1 && count <= 64)) {
                return clients;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("BENCH_CLIENTS must list client counts from 1 to 64, e.g. 1,8,32; not '"
                + value + "'");
    }

    private static Set<Workload> workloads(String value) {
        if (value == null || value.isBlank()) {
            return EnumSet.allOf(Workload.class);
        }
        Set<Workload> workloads = EnumSet.noneOf(Workload.class);
        for (String id : value.split(",")) {
            workloads.add(Arrays.stream(Workload.values())
                    .filter(workload -> workload.id().equals(id.strip().toLowerCase(Locale.ROOT)))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("BENCH_WORKLOADS: no workload '" + id.strip()
                            + "'; there are " + Arrays.stream(Workload.values()).map(Workload::id).toList())));
        }
        return workloads;
    }

    private static Set<String> contenders(String value) {
        if (value == null || value.isBlank()) {
            return Set.copyOf(CONTENDERS);
        }
        Set<String> contenders = Arrays.stream(value.split(",")).map(String::strip).collect(
                java.util.stream.Collectors.toSet());
        if (!CONTENDERS.containsAll(contenders)) {
            throw new IllegalArgumentException("BENCH_CONTENDERS: choose from " + CONTENDERS + ", not '" + value
                    + "'");
        }
        return contenders;
    }

    int maxClients() {
        return clients.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    Timing timing() {
        return new Timing(warmup, window);
    }
}
