package io.authstore.storage;

import io.authstore.storage.queue.QueueJobRepository;
import io.authstore.storage.queue.QueueScheduleRepository;
import io.authstore.storage.queue.QueueWorkerRepository;
import io.authstore.storage.users.BrowserSessionRepository;
import io.authstore.storage.users.UserEmailRepository;
import io.authstore.storage.users.UserPasswordRepository;
import io.authstore.storage.users.UserRecoveryRepository;
import io.authstore.storage.users.UserRegistrationRepository;
import io.authstore.storage.users.UserRegistrationTokenRepository;
import io.authstore.storage.users.UserRepository;
import io.authstore.storage.users.UserTermsRepository;
import reactor.core.publisher.Mono;

/**
 * A unit of work: one connection, one transaction, every repository. Operations run in the order they are
 * subscribed to. Not thread-safe: one caller drives it, like a JDBC connection.
 *
 * <p>What ends it: {@link #save()} commits; {@link #cancel()} rolls back; a failure of the database or connection
 * ({@link DatabaseException}) or a subscriber cancelling an operation midway rolls back at once. Either way the
 * connection goes back to the pool and later calls fail with {@link IllegalStateException}. Errors detected without
 * the database failing ({@link ConflictException}, {@link NotAffectedException},
 * {@link InvalidTransitionException}) leave the session usable.
 */
public interface RepositorySession {

    UserRepository user();

    UserEmailRepository userEmail();

    UserPasswordRepository userPassword();

    UserRecoveryRepository userRecovery();

    UserRegistrationRepository userRegistration();

    UserRegistrationTokenRepository userRegistrationToken();

    UserTermsRepository userTerms();

    BrowserSessionRepository browserSession();

    QueueWorkerRepository queueWorker();

    QueueJobRepository queueJob();

    QueueScheduleRepository queueSchedule();

    /** Commits and returns the connection to the pool. */
    Mono<Void> save();

    /** Rolls back and returns the connection to the pool. Does nothing when the session has already ended. */
    Mono<Void> cancel();
}
