package io.authstore.tools.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * One run of in-process clients: they run from now until the end, and only operations started inside the measured
 * window (after the warm-up) count. Each client records into its own histogram, so recording needs no lock.
 */
final class Window {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final long measureFrom;
    private final long end;
    private final Histogram[] latencies;
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();

    Window(Timing timing, int clients) {
        this.measureFrom = System.nanoTime() + timing.warmup().toNanos();
        this.end = measureFrom + timing.window().toNanos();
        this.latencies = new Histogram[clients];
        for (int i = 0; i < clients; i++) {
            latencies[i] = new Histogram(HIGHEST_MICROS, 3);
        }
    }

    /** Whether a client should start another operation. */
    boolean open() {
        return System.nanoTime() < end;
    }

    void completed(int client, long startNanos) {
        if (startNanos >= measureFrom) {
            long micros = Math.max(1, (System.nanoTime() - startNanos) / 1000);
            latencies[client].recordValue(Math.min(micros, HIGHEST_MICROS));
        }
    }

    void failed(Throwable error) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, error);
    }

    /**
     * Samples CPU at the window's start and end, then waits for the clients ({@code awaitClients}) and sums up.
     */
    Measurement measure(String contender, Workload workload, int round, Runnable awaitClients)
            throws InterruptedException {
        sleepUntil(measureFrom);
        Cpu start = Cpu.now();
        sleepUntil(end);
        Cpu stop = Cpu.now();
        awaitClients.run();
        Histogram all = new Histogram(HIGHEST_MICROS, 3);
        for (Histogram latency : latencies) {
            all.add(latency);
        }
        Throwable error = firstError.get();
        if (error != null) {
            System.out.printf("  %s %s: %d errors, the first: %s%n", contender, workload.id(), errors.get(), error);
        }
        long operations = all.getTotalCount();
        return new Measurement(contender, workload, latencies.length, round, operations, errors.get(),
                (end - measureFrom) / 1e9,
                all.getValueAtPercentile(50), all.getValueAtPercentile(99), all.getValueAtPercentile(99.9),
                Cpu.microsPerOp(start.processNanos(), stop.processNanos(), operations),
                Cpu.microsPerOp(start.postgresNanos(), stop.postgresNanos(), operations));
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
