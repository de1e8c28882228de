package io.authstore.tools.soak;

import io.authstore.storage.Ulid;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queue's part of the ledger: every job a committed unit of work scheduled (with what its handler is told to do:
 * fail a known number of attempts, or fail for good), the keys of every job a cancelled unit of work scheduled, and
 * what the handlers saw: runs per job row (a retry is a row of its own), the attempt each run was given, and
 * completions per job key.
 */
final class QueueLedger {

    /**
     * A committed job as scheduled: its first row's id, the key in its payload, its queue, how many of its attempts
     * fail (each retried), and whether it fails for good instead (not retried).
     */
    record JobRow(Ulid id, String key, String queue, int failures, boolean giveUp) {}

    /** One handler run of one row: the key and attempt the handler was given. */
    record Run(String key, int attempt) {}

    private final Map<Ulid, JobRow> committed = new ConcurrentHashMap<>();
    private final Set<String> cancelledKeys = ConcurrentHashMap.newKeySet();
    private final Map<Ulid, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final Map<Ulid, Run> runOf = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> completions = new ConcurrentHashMap<>();

    void committed(JobRow job) {
        committed.put(job.id(), job);
    }

    void cancelled(String key) {
        cancelledKeys.add(key);
    }

    /** A handler started on row {@code id}. */
    void ran(Ulid id, String key, int attempt) {
        runs.computeIfAbsent(id, row -> new AtomicInteger()).incrementAndGet();
        runOf.putIfAbsent(id, new Run(key, attempt));
    }

    /** A handler completed the job {@code key} (its planned failures behind it). */
    void completed(String key) {
        completions.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    Map<Ulid, JobRow> committed() {
        return committed;
    }

    Set<String> cancelledKeys() {
        return cancelledKeys;
    }

    int runs(Ulid row) {
        AtomicInteger count = runs.get(row);
        return count == null ? 0 : count.get();
    }

    Map<Ulid, Run> runOf() {
        return runOf;
    }

    int completions(String key) {
        AtomicInteger count = completions.get(key);
        return count == null ? 0 : count.get();
    }

    long totalRuns() {
        return runs.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    long totalCompletions() {
        return completions.values().stream().mapToLong(AtomicInteger::get).sum();
    }
}
