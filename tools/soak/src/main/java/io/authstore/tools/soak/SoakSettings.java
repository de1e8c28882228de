package io.authstore.tools.soak;

import java.time.Duration;
import java.util.Map;

/**
 * How long and how hard the soak runs.
 *
 * @param duration how long the clients run ({@value #DURATION_VARIABLE}, default 5 minutes)
 * @param clients concurrent client loops
 * @param poolSize connections in the pool: fewer than clients, so that clients also wait for connections
 */
record SoakSettings(Duration duration, int clients, int poolSize) {

    static final String DURATION_VARIABLE = "SOAK_SECONDS";
    static final int DEFAULT_SECONDS = 300;
    static final int CLIENTS = 32;
    static final int POOL_SIZE = 16;

    static SoakSettings fromEnvironment(Map<String, String> environment) {
        String seconds = environment.getOrDefault(DURATION_VARIABLE, "").strip();
        if (seconds.isEmpty()) {
            return new SoakSettings(Duration.ofSeconds(DEFAULT_SECONDS), CLIENTS, POOL_SIZE);
        }
        try {
            long value = Long.parseLong(seconds);
            if (value >= 1) {
                return new SoakSettings(Duration.ofSeconds(value), CLIENTS, POOL_SIZE);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(DURATION_VARIABLE + " must be a whole number of seconds, at least 1, not '"
                + seconds + "'");
    }
}
