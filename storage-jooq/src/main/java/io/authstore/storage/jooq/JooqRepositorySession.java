package io.authstore.storage.jooq;

import io.authstore.storage.RepositorySession;
import io.authstore.storage.app.AppSessionRepository;
import io.authstore.storage.compat.CompatAccessTokenRepository;
import io.authstore.storage.compat.CompatRefreshTokenRepository;
import io.authstore.storage.compat.CompatSessionRepository;
import io.authstore.storage.compat.CompatSsoLoginRepository;
import io.authstore.storage.jooq.app.JooqAppSessionRepository;
import io.authstore.storage.jooq.compat.JooqCompatAccessTokenRepository;
import io.authstore.storage.jooq.compat.JooqCompatRefreshTokenRepository;
import io.authstore.storage.jooq.compat.JooqCompatSessionRepository;
import io.authstore.storage.jooq.compat.JooqCompatSsoLoginRepository;
import io.authstore.storage.jooq.oauth2.JooqOAuth2AccessTokenRepository;
import io.authstore.storage.jooq.oauth2.JooqOAuth2AuthorizationGrantRepository;
import io.authstore.storage.jooq.oauth2.JooqOAuth2ClientRepository;
import io.authstore.storage.jooq.oauth2.JooqOAuth2DeviceCodeGrantRepository;
import io.authstore.storage.jooq.oauth2.JooqOAuth2RefreshTokenRepository;
import io.authstore.storage.jooq.oauth2.JooqOAuth2SessionRepository;
import io.authstore.storage.jooq.personal.JooqPersonalAccessTokenRepository;
import io.authstore.storage.jooq.personal.JooqPersonalSessionRepository;
import io.authstore.storage.jooq.policy.JooqPolicyDataRepository;
import io.authstore.storage.jooq.queue.JooqQueueJobRepository;
import io.authstore.storage.jooq.queue.JooqQueueScheduleRepository;
import io.authstore.storage.jooq.queue.JooqQueueWorkerRepository;
import io.authstore.storage.jooq.upstream.JooqUpstreamOAuthLinkRepository;
import io.authstore.storage.jooq.upstream.JooqUpstreamOAuthProviderRepository;
import io.authstore.storage.jooq.upstream.JooqUpstreamOAuthSessionRepository;
import io.authstore.storage.jooq.users.JooqBrowserSessionRepository;
import io.authstore.storage.jooq.users.JooqUserEmailRepository;
import io.authstore.storage.jooq.users.JooqUserPasswordRepository;
import io.authstore.storage.jooq.users.JooqUserRecoveryRepository;
import io.authstore.storage.jooq.users.JooqUserRegistrationRepository;
import io.authstore.storage.jooq.users.JooqUserRegistrationTokenRepository;
import io.authstore.storage.jooq.users.JooqUserRepository;
import io.authstore.storage.jooq.users.JooqUserTermsRepository;
import io.authstore.storage.oauth2.OAuth2AccessTokenRepository;
import io.authstore.storage.oauth2.OAuth2AuthorizationGrantRepository;
import io.authstore.storage.oauth2.OAuth2ClientRepository;
import io.authstore.storage.oauth2.OAuth2DeviceCodeGrantRepository;
import io.authstore.storage.oauth2.OAuth2RefreshTokenRepository;
import io.authstore.storage.oauth2.OAuth2SessionRepository;
import io.authstore.storage.personal.PersonalAccessTokenRepository;
import io.authstore.storage.personal.PersonalSessionRepository;
import io.authstore.storage.policy.PolicyDataRepository;
import io.authstore.storage.queue.QueueJobRepository;
import io.authstore.storage.queue.QueueScheduleRepository;
import io.authstore.storage.queue.QueueWorkerRepository;
import io.authstore.storage.upstream.UpstreamOAuthLinkRepository;
import io.authstore.storage.upstream.UpstreamOAuthProviderRepository;
import io.authstore.storage.upstream.UpstreamOAuthSessionRepository;
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
    private final CompatSessionRepository compatSession;
    private final CompatSsoLoginRepository compatSsoLogin;
    private final CompatAccessTokenRepository compatAccessToken;
    private final CompatRefreshTokenRepository compatRefreshToken;
    private final PersonalSessionRepository personalSession;
    private final PersonalAccessTokenRepository personalAccessToken;
    private final OAuth2ClientRepository oauth2Client;
    private final OAuth2AuthorizationGrantRepository oauth2AuthorizationGrant;
    private final OAuth2DeviceCodeGrantRepository oauth2DeviceCodeGrant;
    private final OAuth2SessionRepository oauth2Session;
    private final OAuth2AccessTokenRepository oauth2AccessToken;
    private final OAuth2RefreshTokenRepository oauth2RefreshToken;
    private final AppSessionRepository appSession;
    private final UpstreamOAuthProviderRepository upstreamOAuthProvider;
    private final UpstreamOAuthLinkRepository upstreamOAuthLink;
    private final UpstreamOAuthSessionRepository upstreamOAuthSession;
    private final PolicyDataRepository policyData;
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
        this.compatSession = new JooqCompatSessionRepository(statements);
        this.compatSsoLogin = new JooqCompatSsoLoginRepository(statements);
        this.compatAccessToken = new JooqCompatAccessTokenRepository(statements);
        this.compatRefreshToken = new JooqCompatRefreshTokenRepository(statements);
        this.personalSession = new JooqPersonalSessionRepository(statements);
        this.personalAccessToken = new JooqPersonalAccessTokenRepository(statements);
        this.oauth2Client = new JooqOAuth2ClientRepository(statements);
        this.oauth2AuthorizationGrant = new JooqOAuth2AuthorizationGrantRepository(statements);
        this.oauth2DeviceCodeGrant = new JooqOAuth2DeviceCodeGrantRepository(statements);
        this.oauth2Session = new JooqOAuth2SessionRepository(statements);
        this.oauth2AccessToken = new JooqOAuth2AccessTokenRepository(statements);
        this.oauth2RefreshToken = new JooqOAuth2RefreshTokenRepository(statements);
        this.appSession = new JooqAppSessionRepository(statements, compatSession, oauth2Session);
        this.upstreamOAuthProvider = new JooqUpstreamOAuthProviderRepository(statements);
        this.upstreamOAuthLink = new JooqUpstreamOAuthLinkRepository(statements);
        this.upstreamOAuthSession = new JooqUpstreamOAuthSessionRepository(statements);
        this.policyData = new JooqPolicyDataRepository(statements);
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
    public CompatSessionRepository compatSession() {
        return compatSession;
    }

    @Override
    public CompatSsoLoginRepository compatSsoLogin() {
        return compatSsoLogin;
    }

    @Override
    public CompatAccessTokenRepository compatAccessToken() {
        return compatAccessToken;
    }

    @Override
    public CompatRefreshTokenRepository compatRefreshToken() {
        return compatRefreshToken;
    }

    @Override
    public PersonalSessionRepository personalSession() {
        return personalSession;
    }

    @Override
    public PersonalAccessTokenRepository personalAccessToken() {
        return personalAccessToken;
    }

    @Override
    public OAuth2ClientRepository oauth2Client() {
        return oauth2Client;
    }

    @Override
    public OAuth2AuthorizationGrantRepository oauth2AuthorizationGrant() {
        return oauth2AuthorizationGrant;
    }

    @Override
    public OAuth2DeviceCodeGrantRepository oauth2DeviceCodeGrant() {
        return oauth2DeviceCodeGrant;
    }

    @Override
    public OAuth2SessionRepository oauth2Session() {
        return oauth2Session;
    }

    @Override
    public OAuth2AccessTokenRepository oauth2AccessToken() {
        return oauth2AccessToken;
    }

    @Override
    public OAuth2RefreshTokenRepository oauth2RefreshToken() {
        return oauth2RefreshToken;
    }

    @Override
    public AppSessionRepository appSession() {
        return appSession;
    }

    @Override
    public UpstreamOAuthProviderRepository upstreamOAuthProvider() {
        return upstreamOAuthProvider;
    }

    @Override
    public UpstreamOAuthLinkRepository upstreamOAuthLink() {
        return upstreamOAuthLink;
    }

    @Override
    public UpstreamOAuthSessionRepository upstreamOAuthSession() {
        return upstreamOAuthSession;
    }

    @Override
    public PolicyDataRepository policyData() {
        return policyData;
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
