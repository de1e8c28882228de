package io.authstore.tools.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cuts zonky's start-up wait short when pg_ctl has already given up. zonky polls the port until its start-up timeout
 * (a minute) even when the server never came up; pg_ctl says so in the output within a second, and this watches for
 * that and interrupts the starting thread.
 */
final class StartupWatch implements AutoCloseable {

    /** What {@code pg_ctl -w start} prints when the server does not come up. */
    private static final String PG_CTL_GAVE_UP = "could not start server";
    private static final long POLL_MILLIS = 100;

    private final Path output;
    private final Thread starter;
    private final Thread watcher;
    private volatile boolean failed;
    private volatile boolean stopped;

    private StartupWatch(Path output, Thread starter) {
        this.output = output;
        this.starter = starter;
        this.watcher = new Thread(this::watch, "ephemeral-postgres-startup-watch");
        this.watcher.setDaemon(true);
    }

    /** Watches {@code output} and interrupts the current thread if pg_ctl gives up. */
    static StartupWatch ofCurrentThread(Path output) {
        StartupWatch watch = new StartupWatch(output, Thread.currentThread());
        watch.watcher.start();
        return watch;
    }

    /** Whether pg_ctl gave up; the caller must then treat the start as failed, whatever zonky returned. */
    boolean failed() {
        return failed;
    }

    private void watch() {
        while (!stopped) {
            if (gaveUp()) {
                failed = true;
                starter.interrupt();
                return;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean gaveUp() {
        try {
            return Files.exists(output)
                    && Files.readString(output, StandardCharsets.UTF_8).contains(PG_CTL_GAVE_UP);
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops watching and clears an interrupt this watch caused. */
    @Override
    public void close() {
        stopped = true;
        watcher.interrupt();
        try {
            watcher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failed) {
            Thread.interrupted();
        }
    }
}
