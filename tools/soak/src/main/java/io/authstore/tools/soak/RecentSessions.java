package io.authstore.tools.soak;

import io.authstore.storage.Ulid;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The most recently committed browser sessions of all clients, for activity batches that span clients' sessions
 * (and so contend for the same rows, as activity trackers do).
 */
final class RecentSessions {

    private static final int CAPACITY = 4096;

    private final AtomicReferenceArray<Ulid> ring = new AtomicReferenceArray<>(CAPACITY);
    private final AtomicLong added = new AtomicLong();

    void add(Ulid session) {
        ring.set((int) (added.getAndIncrement() % CAPACITY), session);
    }

    /** A random recent session; null before any was added. */
    Ulid pick(SplittableRandom random) {
        long count = Math.min(added.get(), CAPACITY);
        return count == 0 ? null : ring.get(random.nextInt((int) count));
    }
}
