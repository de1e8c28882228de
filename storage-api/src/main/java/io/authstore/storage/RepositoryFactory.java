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
        return Mono.usingWhen(
                open(),
                work,
                RepositorySession::save,
                (session, error) -> session.cancel(),
                RepositorySession::cancel);
    }

    @Override
    void close();
}
