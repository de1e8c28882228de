package io.authstore.tools.soak;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Operation latencies in logarithmic buckets 5% wide, from 1 µs to over 100 s: percentiles without keeping every
 * sample, so that a long soak does not measure its own memory.
 */
final class LatencyHistogram {

    private static final double GROWTH = 1.05;
    private static final int BUCKETS = (int) Math.ceil(Math.log(1e8) / Math.log(GROWTH)) + 2;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long nanos) {
        double micros = Math.max(1, nanos / 1000.0);
        counts.incrementAndGet(Math.min(BUCKETS - 1, (int) (Math.log(micros) / Math.log(GROWTH))));
    }

    /** The latency at or under which {@code fraction} of the operations completed (a bucket's upper bound), in ms. */
    double percentileMillis(double fraction) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.pow(GROWTH, i + 1) / 1000.0;
            }
        }
        return Math.pow(GROWTH, BUCKETS) / 1000.0;
    }
}
