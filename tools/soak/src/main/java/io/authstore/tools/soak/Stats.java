package io.authstore.tools.soak;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the clients did: operations by kind, unexpected errors by type (with the first message of each), the typed
 * errors the workload provokes on purpose, and latencies.
 */
final class Stats {

    private final Map<Operation, LongAdder> operations = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, String> firstErrorMessages = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> expectedErrors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> notes = new ConcurrentHashMap<>();
    private final LatencyHistogram latency = new LatencyHistogram();

    void completed(Operation operation, long nanos) {
        operations.computeIfAbsent(operation, key -> new LongAdder()).increment();
        latency.record(nanos);
    }

    void failed(Operation operation, Throwable error, long nanos) {
        completed(operation, nanos);
        String type = error.getClass().getSimpleName();
        errors.computeIfAbsent(type, key -> new LongAdder()).increment();
        firstErrorMessages.putIfAbsent(type, operation.label() + ": " + error.getMessage());
    }

    /** An unexpected error outside a client's operation (a queue worker, a job handler): counted as an error. */
    void error(String where, Throwable error) {
        String type = error.getClass().getSimpleName();
        errors.computeIfAbsent(type, key -> new LongAdder()).increment();
        firstErrorMessages.putIfAbsent(type, where + ": " + error.getMessage());
    }

    /** A typed error the workload asked for (e.g. a duplicate username): counted, but not an error. */
    void expected(Throwable error) {
        expectedErrors.computeIfAbsent(error.getClass().getSimpleName(), key -> new LongAdder()).increment();
    }

    /** Something worth counting that is neither an operation nor an error (e.g. how races went). */
    void note(String what) {
        notes.computeIfAbsent(what, key -> new LongAdder()).increment();
    }

    Map<String, Long> notes() {
        return sums(notes);
    }

    long operations() {
        return operations.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long errors() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> operationsByKind() {
        Map<String, Long> byKind = new TreeMap<>();
        operations.forEach((operation, count) -> byKind.put(operation.label(), count.sum()));
        return byKind;
    }

    Map<String, Long> errorsByType() {
        return sums(errors);
    }

    Map<String, String> firstErrorMessages() {
        return new TreeMap<>(firstErrorMessages);
    }

    Map<String, Long> expectedErrorsByType() {
        return sums(expectedErrors);
    }

    LatencyHistogram latency() {
        return latency;
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counters) {
        Map<String, Long> sums = new TreeMap<>();
        counters.forEach((key, count) -> sums.put(key, count.sum()));
        return sums;
    }
}
