package io.authstore.storage.jooq;

import io.authstore.storage.RepositorySession;
import io.authstore.storage.jooq.queue.JooqQueueJobRepository;
import io.authstore.storage.jooq.queue.JooqQueueScheduleRepository;
import io.authstore.storage.jooq.queue.JooqQueueWorkerRepository;
import io.authstore.storage.jooq.users.JooqBrowserSessionRepository;
import io.authstore.storage.jooq.users.JooqUserEmailRepository;
import io.authstore.storage.jooq.users.JooqUserPasswordRepository;
import io.authstore.storage.jooq.users.JooqUserRecoveryRepository;
import io.authstore.storage.jooq.users.JooqUserRegistrationRepository;
import io.authstore.storage.jooq.users.JooqUserRegistrationTokenRepository;
import io.authstore.storage.jooq.users.JooqUserRepository;
import io.authstore.storage.jooq.users.JooqUserTermsRepository;
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
import org.jooq.DSLContext;
import reactor.core.publisher.Mono;

/** A repository session over one pooled R2DBC connection in one transaction. */
final class JooqRepositorySession implements RepositorySession {

    private final UnitOfWork work;
    private final UserRepository user;
    private final UserEmailRepository userEmail;
    private final UserPasswordRepository userPassword;
    private final UserRecoveryRepository userRecovery;
    private final UserRegistrationRepository userRegistration;
    private final UserRegistrationTokenRepository userRegistrationToken;
    private final UserTermsRepository userTerms;
    private final BrowserSessionRepository browserSession;
    private final QueueWorkerRepository queueWorker;
    private final QueueJobRepository queueJob;
    private final QueueScheduleRepository queueSchedule;

    JooqRepositorySession(DSLContext dsl, UnitOfWork work, StatementLog log) {
        this.work = work;
        Statements statements = new Statements(dsl, work, log);
        this.user = new JooqUserRepository(statements);
        this.userEmail = new JooqUserEmailRepository(statements);
        this.userPassword = new JooqUserPasswordRepository(statements);
        this.userRecovery = new JooqUserRecoveryRepository(statements);
        this.userRegistration = new JooqUserRegistrationRepository(statements);
        this.userRegistrationToken = new JooqUserRegistrationTokenRepository(statements);
        this.userTerms = new JooqUserTermsRepository(statements);
        this.browserSession = new JooqBrowserSessionRepository(statements);
        this.queueWorker = new JooqQueueWorkerRepository(statements);
        this.queueJob = new JooqQueueJobRepository(statements);
        this.queueSchedule = new JooqQueueScheduleRepository(statements);
    }

    @Override
    public UserRepository user() {
        return user;
    }

    @Override
    public UserEmailRepository userEmail() {
        return userEmail;
    }

    @Override
    public UserPasswordRepository userPassword() {
        return userPassword;
    }

    @Override
    public UserRecoveryRepository userRecovery() {
        return userRecovery;
    }

    @Override
    public UserRegistrationRepository userRegistration() {
        return userRegistration;
    }

    @Override
    public UserRegistrationTokenRepository userRegistrationToken() {
        return userRegistrationToken;
    }

    @Override
    public UserTermsRepository userTerms() {
        return userTerms;
    }

    @Override
    public BrowserSessionRepository browserSession() {
        return browserSession;
    }

    @Override
    public QueueWorkerRepository queueWorker() {
        return queueWorker;
    }

    @Override
    public QueueJobRepository queueJob() {
        return queueJob;
    }

    @Override
    public QueueScheduleRepository queueSchedule() {
        return queueSchedule;
    }

    @Override
    public Mono<Void> save() {
        return work.commit();
    }

    @Override
    public Mono<Void> cancel() {
        return work.rollback("cancelled");
    }
}
