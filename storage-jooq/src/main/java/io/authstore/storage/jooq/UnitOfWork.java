package io.authstore.storage.jooq;

import io.r2dbc.spi.Connection;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The transaction of one repository session and the pooled connection holding it: how it ends (commit, rollback)
 * and that it ends once. Holds no reference to the session or its repositories, so that it can be the
 * {@link java.lang.ref.Cleaner} action that rolls back a session dropped without {@code save()} or {@code cancel()}.
 */
final class UnitOfWork implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(UnitOfWork.class);

    private final Connection connection;
    private final Runnable onEnd;
    private final AtomicReference<String> endedBecause = new AtomicReference<>();

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
                    .then(release());
        });
    }

    /** Rolls back and releases, unless the session has already ended. */
    Mono<Void> rollback(String reason) {
        return Mono.defer(() -> endedBecause.compareAndSet(null, reason) ? rollbackAndRelease() : Mono.empty());
    }

    /** {@link #rollback} without waiting, for when no one can wait (a cancelled subscription). */
    void rollbackInBackground(String reason) {
        rollback(reason).subscribe(
                null, error -> LOG.warn("rolling back a repository session ({}) failed: {}", reason, error.toString()));
    }

    /** The Cleaner: the session became unreachable. */
    @Override
    public void run() {
        if (endedBecause.compareAndSet(null, "abandoned without save() or cancel()")) {
            LOG.warn("a repository session was dropped without save() or cancel(): its transaction was rolled back;"
                    + " end every session with save() or cancel(), or use RepositoryFactory.transaction()");
            rollbackAndRelease().subscribe(null, error -> LOG.warn("rolling back an abandoned session failed: {}",
                    error.toString()));
        }
    }

    private Mono<Void> rollbackAndRelease() {
        return Mono.from(connection.rollbackTransaction())
                .onErrorResume(error -> Mono.empty()) // a dead connection: the pool discards it on release
                .then(release());
    }

    private Mono<Void> release() {
        return Mono.from(connection.close())
                .onErrorResume(error -> Mono.empty())
                .doFinally(signal -> onEnd.run());
    }
}
