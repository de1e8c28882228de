package io.authstore.storage.jooq.compat;

import io.authstore.storage.RandomSource;
import io.authstore.storage.jooq.testing.TestStorage;
import java.time.Duration;

/** Helpers shared by the compatibility tests. */
final class CompatFixtures {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private CompatFixtures() {}

    /** A random 10-character alphanumeric device id, as MAS generates them. */
    static String device(RandomSource random) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            id.append(ALPHANUMERIC.charAt((int) Math.floorMod(random.nextLong(), (long) ALPHANUMERIC.length())));
        }
        return id.toString();
    }

    static void tick(TestStorage storage) {
        storage.clock().advance(Duration.ofSeconds(1));
    }
}
