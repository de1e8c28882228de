package io.authstore.tools.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent so far, read where the benchmark can: this JVM, and every local process named {@code postgres}
 * (the server and its backends; exited backends are counted in the postmaster's children's times). Once both cores
 * are busy, a client's CPU per operation is taken from the server, so it explains ratios better than throughput.
 */
record Cpu(long processNanos, long postgresNanos) {

    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    static Cpu now() {
        return new Cpu(readProcessNanos(), readPostgresNanos());
    }

    private static long readProcessNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** -1 when /proc cannot be read (not Linux). */
    private static long readPostgresNanos() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes
                    .filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(Cpu::postgresTicks)
                    .sum() * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime + cutime + cstime of a postgres process, 0 for anything else or one that has gone. */
    private static long postgresTicks(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (open < 0 || close < 0 || !stat.substring(open + 1, close).equals("postgres")) {
                return 0;
            }
            String[] fields = stat.substring(close + 2).split(" ");
            // after "(comm) ": state is field 3 of proc(5), so utime (14) is index 11 here
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Microseconds per operation between {@code start} and this sample; -1 when unknown. */
    static double microsPerOp(long startNanos, long endNanos, long operations) {
        if (startNanos < 0 || endNanos < 0 || operations == 0) {
            return -1;
        }
        return (endNanos - startNanos) / 1000.0 / operations;
    }

    /**
     * The CPU time of this JVM's child processes that have ended and been reaped (cutime + cstime of
     * /proc/self/stat): how pgbench's own CPU is measured. -1 when unknown.
     */
    static long childrenNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
