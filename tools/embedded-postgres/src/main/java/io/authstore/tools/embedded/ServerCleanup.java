package io.authstore.tools.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Stops a postmaster and deletes its data directory using JDK classes only, so that it also works in a shutdown
 * hook after a build tool closed the class loader zonky came from (Maven closes plugin class realms as it exits),
 * and from the moment the data directory is chosen (Ctrl-C during start-up).
 */
final class ServerCleanup implements Runnable {

    private static final long FAST_SHUTDOWN_SECONDS = 10;
    private static final long START_WAIT_SECONDS = 60;

    private final Path dataDirectory;
    private final Path outputLog;
    private final AtomicBoolean done = new AtomicBoolean();
    private final CountDownLatch startFinished = new CountDownLatch(1);
    private volatile Long postmasterPid;

    ServerCleanup(Path dataDirectory, Path outputLog) {
        this.dataDirectory = dataDirectory;
        this.outputLog = outputLog;
    }

    /**
     * Called when the start succeeded or failed. Until then a shutdown hook waits, because initdb or pg_ctl would
     * otherwise go on writing into the directory it has just deleted. On success, notes the postmaster's pid while its
     * pid file exists: zonky deletes the file even when a stop fails.
     */
    void startFinished(boolean started) {
        if (started) {
            postmasterPid = readPid();
        }
        startFinished.countDown();
    }

    @Override
    public void run() {
        if (done.getAndSet(true)) {
            return;
        }
        try {
            startFinished.await(START_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // no lambdas on this path: it may run where no new class can be loaded
        Long pid = postmasterPid != null ? postmasterPid : readPid();
        Optional<ProcessHandle> postmaster = pid == null ? Optional.empty() : ProcessHandle.of(pid);
        if (postmaster.isPresent() && isPostgres(postmaster.get())) {
            stop(postmaster.get());
        }
        deleteTree(dataDirectory);
        try {
            Files.deleteIfExists(outputLog);
        } catch (IOException ignored) {
            // a leftover log in the temporary directory is harmless
        }
    }

    private Long readPid() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return lines.isEmpty() ? null : Long.valueOf(lines.get(0).strip());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** A recycled pid must not take an unrelated process down with it. */
    private static boolean isPostgres(ProcessHandle process) {
        Optional<String> command = process.info().command();
        return process.isAlive() && (command.isEmpty() || command.get().endsWith("postgres"));
    }

    /** SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for clients); SIGKILL if that does not end it. */
    private static void stop(ProcessHandle postmaster) {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).start().waitFor();
            postmaster.onExit().get(FAST_SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            postmaster.destroyForcibly();
        } catch (InterruptedException e) {
            postmaster.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // what is left is swept by a later start (zonky removes stale data directories)
        }
    }
}
