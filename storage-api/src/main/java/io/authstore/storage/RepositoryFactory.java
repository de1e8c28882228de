package io.authstore.storage;

import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Opens units of work. Thread-safe; one per application. Closing it closes the connection pool and rolls back any
 * session still open.
 */
public interface RepositoryFactory extends AutoCloseable {

    /**
     * A session bound to one pooled connection in one transaction. The caller must end it with
     * {@link RepositorySession#save()} or {@link RepositorySession#cancel()}; a session forgotten without either is
     * rolled back, with a warning, once it has run no statement for the implementation's idle timeout. Prefer
     * {@link #transaction}.
     */
    Mono<RepositorySession> open();

    /**
     * Runs {@code work} in a new session: saved when it completes, rolled back when it fails or its subscriber
     * cancels before the save began (a cancel during the save cannot stop the commit). The result is emitted only
     * once the transaction has committed.
     */
    default <T> Mono<T> transaction(Function<? super RepositorySession, ? extends Mono<T>> work) {
        return run(open(), work);
    }

    /**
     * A session for reads only: on a standby when one is configured, so that reads scale out. Its reads may not yet
     * see what another session committed on the primary a moment ago (replication lag); a write in it fails with a
     * {@link DatabaseException} saying so. End it as any session.
     */
    Mono<RepositorySession> openReadOnly();

    /**
     * Runs {@code work} in a new {@link #openReadOnly()} session, as {@link #transaction} does. Read from the primary
     * (with {@link #transaction}) what must reflect a write just made, or what decides a write.
     */
    default <T> Mono<T> readOnly(Function<? super RepositorySession, ? extends Mono<T>> work) {
        return run(openReadOnly(), work);
    }

    private static <T> Mono<T> run(Mono<RepositorySession> opening,
            Function<? super RepositorySession, ? extends Mono<T>> work) {
        return Mono.usingWhen(
                opening,
                work,
                RepositorySession::save,
                (session, error) -> session.cancel(),
                RepositorySession::cancel)
                .onErrorMap(RepositoryFactory::failedSave);
    }

    /**
     * Reactor reports a failing save (the commit) as a bare RuntimeException "Async resource cleanup failed after
     * onComplete" around the real error; the caller gets the storage layer's own exception instead.
     */
    private static Throwable failedSave(Throwable error) {
        return error.getClass() == RuntimeException.class && error.getCause() instanceof StorageException cause
                ? cause
                : error;
    }

    @Override
    void close();
}
