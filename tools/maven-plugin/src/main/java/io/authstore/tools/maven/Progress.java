package io.authstore.tools.maven;

import java.util.Locale;

/**
 * The few lines {@code make prepare} and {@code make check} promise to print (database started, migrations applied,
 * tables generated, total time). They go to standard output so that they show in a quiet ({@code -q}) build, where
 * Maven's own log stays silent.
 */
final class Progress {

    private Progress() {}

    static void report(String format, Object... arguments) {
        System.out.println("authstore: " + String.format(Locale.ROOT, format, arguments));
        System.out.flush();
    }

    static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
