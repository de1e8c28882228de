package io.authstore.storage.jooq;

import io.r2dbc.spi.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The transaction of one repository session and the pooled connection holding it: how it ends (commit, rollback),
 * that it ends once, and when it last did something, so that a forgotten session can be rolled back.
 */
final class UnitOfWork {

    private static final Logger LOG = LoggerFactory.getLogger(UnitOfWork.class);

    private final Connection connection;
    private final Runnable onEnd;
    private final AtomicReference<String> endedBecause = new AtomicReference<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile long lastActivityNanos = System.nanoTime();

    UnitOfWork(Connection connection, Runnable onEnd) {
        this.connection = connection;
        this.onEnd = onEnd;
    }

    boolean isOpen() {
        return endedBecause.get() == null;
    }

    void requireOpen(String operation) {
        String reason = endedBecause.get();
        if (reason != null) {
            throw new IllegalStateException(
                    operation + ": this repository session has ended (" + reason + "); open a new one");
        }
    }

    Mono<Void> commit() {
        return Mono.defer(() -> {
            if (!endedBecause.compareAndSet(null, "saved")) {
                return Mono.error(new IllegalStateException(
                        "save(): this repository session has already ended (" + endedBecause.get() + ")"));
            }
            return Mono.from(connection.commitTransaction())
                    .onErrorResume(error -> rollbackAndRelease()
                            .then(Mono.error(Errors.translate("db.save", error))))
                    .then(release())
                    .doOnCancel(this::rollbackAndReleaseInBackground);
        });
    }

    /** Rolls back and releases, unless the session has already ended. */
    Mono<Void> rollback(String reason) {
        return Mono.defer(() -> endedBecause.compareAndSet(null, reason)
                ? rollbackAndRelease().doOnCancel(this::rollbackAndReleaseInBackground)
                : Mono.empty());
    }

    /** {@link #rollback} without waiting, for when no one can wait (a cancelled subscription). */
    void rollbackInBackground(String reason) {
        rollback(reason).subscribe(
                null, error -> LOG.warn("rolling back a repository session ({}) failed: {}", reason, error.toString()));
    }

    void statementStarted() {
        running.incrementAndGet();
        lastActivityNanos = System.nanoTime();
    }

    void statementEnded() {
        lastActivityNanos = System.nanoTime();
        running.decrementAndGet();
    }

    /**
     * Rolls the session back if it ran nothing for {@code timeout}: it was forgotten (neither saved nor cancelled),
     * and must not hold its connection and locks forever. A statement still running is left to the statement
     * timeout.
     */
    void rollbackIfIdle(Duration timeout) {
        if (running.get() == 0 && System.nanoTime() - lastActivityNanos > timeout.toNanos()
                && endedBecause.compareAndSet(null, "rolled back after " + timeout.toMillis()
                        + " ms without a statement, save() or cancel()")) {
            LOG.warn("a repository session ran no statement for {} ms and was neither saved nor cancelled: rolled it"
                    + " back and returned its connection; end every session with save() or cancel(), or use"
                    + " RepositoryFactory.transaction()", timeout.toMillis());
            rollbackAndReleaseInBackground();
        }
    }

    /** Whoever waited for the end of the session stopped waiting: the connection must still go back. */
    private void rollbackAndReleaseInBackground() {
        rollbackAndRelease().subscribe(null, error -> LOG.warn("rolling back a session failed: {}", error.toString()));
    }

    private Mono<Void> rollbackAndRelease() {
        return Mono.from(connection.rollbackTransaction())
                .onErrorResume(error -> Mono.empty()) // a dead connection: the pool discards it on release
                .then(release());
    }

    /** Returns the connection to the pool, once. */
    private Mono<Void> release() {
        return Mono.defer(() -> released.compareAndSet(false, true)
                ? Mono.from(connection.close()).onErrorResume(error -> Mono.empty()).doFinally(signal -> onEnd.run())
                : Mono.empty());
    }
}
