package io.authstore.storage;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Where randomness comes from. Repositories never use a global generator: every operation that creates an id takes
 * a random source, so tests pass a {@link #seeded seeded} one and get reproducible ids.
 */
public interface RandomSource {

    long nextLong();

    void nextBytes(byte[] bytes);

    /** A cryptographically strong source, for production. */
    static RandomSource secure() {
        SecureRandom random = new SecureRandom();
        return of(random);
    }

    /** A deterministic source: the same seed gives the same sequence. For tests only. */
    static RandomSource seeded(long seed) {
        return of(new Random(seed));
    }

    /** Adapts a {@link Random} (thread-safe, as all of its implementations in the JDK are). */
    static RandomSource of(Random random) {
        return new RandomSource() {
            @Override
            public long nextLong() {
                return random.nextLong();
            }

            @Override
            public void nextBytes(byte[] bytes) {
                random.nextBytes(bytes);
            }
        };
    }
}
