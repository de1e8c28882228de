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

/**
 * A repository session over one pooled R2DBC connection in one transaction. Its repositories are made on first use
 * and hold no state of their own, so two callers racing to make one get equivalent ones.
 */
final class JooqRepositorySession implements RepositorySession {

    private final UnitOfWork work;
    private final Statements statements;
    private UserRepository user;
    private UserEmailRepository userEmail;
    private UserPasswordRepository userPassword;
    private UserRecoveryRepository userRecovery;
    private UserRegistrationRepository userRegistration;
    private UserRegistrationTokenRepository userRegistrationToken;
    private UserTermsRepository userTerms;
    private BrowserSessionRepository browserSession;
    private CompatSessionRepository compatSession;
    private CompatSsoLoginRepository compatSsoLogin;
    private CompatAccessTokenRepository compatAccessToken;
    private CompatRefreshTokenRepository compatRefreshToken;
    private PersonalSessionRepository personalSession;
    private PersonalAccessTokenRepository personalAccessToken;
    private OAuth2ClientRepository oauth2Client;
    private OAuth2AuthorizationGrantRepository oauth2AuthorizationGrant;
    private OAuth2DeviceCodeGrantRepository oauth2DeviceCodeGrant;
    private OAuth2SessionRepository oauth2Session;
    private OAuth2AccessTokenRepository oauth2AccessToken;
    private OAuth2RefreshTokenRepository oauth2RefreshToken;
    private AppSessionRepository appSession;
    private UpstreamOAuthProviderRepository upstreamOAuthProvider;
    private UpstreamOAuthLinkRepository upstreamOAuthLink;
    private UpstreamOAuthSessionRepository upstreamOAuthSession;
    private PolicyDataRepository policyData;
    private QueueWorkerRepository queueWorker;
    private QueueJobRepository queueJob;
    private QueueScheduleRepository queueSchedule;

    JooqRepositorySession(DSLContext dsl, UnitOfWork work, StatementLog log) {
        this.work = work;
        this.statements = new Statements(dsl, work, log);
    }

    @Override
    public UserRepository user() {
        if (user == null) {
            user = new JooqUserRepository(statements);
        }
        return user;
    }

    @Override
    public UserEmailRepository userEmail() {
        if (userEmail == null) {
            userEmail = new JooqUserEmailRepository(statements);
        }
        return userEmail;
    }

    @Override
    public UserPasswordRepository userPassword() {
        if (userPassword == null) {
            userPassword = new JooqUserPasswordRepository(statements);
        }
        return userPassword;
    }

    @Override
    public UserRecoveryRepository userRecovery() {
        if (userRecovery == null) {
            userRecovery = new JooqUserRecoveryRepository(statements);
        }
        return userRecovery;
    }

    @Override
    public UserRegistrationRepository userRegistration() {
        if (userRegistration == null) {
            userRegistration = new JooqUserRegistrationRepository(statements);
        }
        return userRegistration;
    }

    @Override
    public UserRegistrationTokenRepository userRegistrationToken() {
        if (userRegistrationToken == null) {
            userRegistrationToken = new JooqUserRegistrationTokenRepository(statements);
        }
        return userRegistrationToken;
    }

    @Override
    public UserTermsRepository userTerms() {
        if (userTerms == null) {
            userTerms = new JooqUserTermsRepository(statements);
        }
        return userTerms;
    }

    @Override
    public BrowserSessionRepository browserSession() {
        if (browserSession == null) {
            browserSession = new JooqBrowserSessionRepository(statements);
        }
        return browserSession;
    }

    @Override
    public CompatSessionRepository compatSession() {
        if (compatSession == null) {
            compatSession = new JooqCompatSessionRepository(statements);
        }
        return compatSession;
    }

    @Override
    public CompatSsoLoginRepository compatSsoLogin() {
        if (compatSsoLogin == null) {
            compatSsoLogin = new JooqCompatSsoLoginRepository(statements);
        }
        return compatSsoLogin;
    }

    @Override
    public CompatAccessTokenRepository compatAccessToken() {
        if (compatAccessToken == null) {
            compatAccessToken = new JooqCompatAccessTokenRepository(statements);
        }
        return compatAccessToken;
    }

    @Override
    public CompatRefreshTokenRepository compatRefreshToken() {
        if (compatRefreshToken == null) {
            compatRefreshToken = new JooqCompatRefreshTokenRepository(statements);
        }
        return compatRefreshToken;
    }

    @Override
    public PersonalSessionRepository personalSession() {
        if (personalSession == null) {
            personalSession = new JooqPersonalSessionRepository(statements);
        }
        return personalSession;
    }

    @Override
    public PersonalAccessTokenRepository personalAccessToken() {
        if (personalAccessToken == null) {
            personalAccessToken = new JooqPersonalAccessTokenRepository(statements);
        }
        return personalAccessToken;
    }

    @Override
    public OAuth2ClientRepository oauth2Client() {
        if (oauth2Client == null) {
            oauth2Client = new JooqOAuth2ClientRepository(statements);
        }
        return oauth2Client;
    }

    @Override
    public OAuth2AuthorizationGrantRepository oauth2AuthorizationGrant() {
        if (oauth2AuthorizationGrant == null) {
            oauth2AuthorizationGrant = new JooqOAuth2AuthorizationGrantRepository(statements);
        }
        return oauth2AuthorizationGrant;
    }

    @Override
    public OAuth2DeviceCodeGrantRepository oauth2DeviceCodeGrant() {
        if (oauth2DeviceCodeGrant == null) {
            oauth2DeviceCodeGrant = new JooqOAuth2DeviceCodeGrantRepository(statements);
        }
        return oauth2DeviceCodeGrant;
    }

    @Override
    public OAuth2SessionRepository oauth2Session() {
        if (oauth2Session == null) {
            oauth2Session = new JooqOAuth2SessionRepository(statements);
        }
        return oauth2Session;
    }

    @Override
    public OAuth2AccessTokenRepository oauth2AccessToken() {
        if (oauth2AccessToken == null) {
            oauth2AccessToken = new JooqOAuth2AccessTokenRepository(statements);
        }
        return oauth2AccessToken;
    }

    @Override
    public OAuth2RefreshTokenRepository oauth2RefreshToken() {
        if (oauth2RefreshToken == null) {
            oauth2RefreshToken = new JooqOAuth2RefreshTokenRepository(statements);
        }
        return oauth2RefreshToken;
    }

    @Override
    public AppSessionRepository appSession() {
        if (appSession == null) {
            appSession = new JooqAppSessionRepository(statements, compatSession(), oauth2Session());
        }
        return appSession;
    }

    @Override
    public UpstreamOAuthProviderRepository upstreamOAuthProvider() {
        if (upstreamOAuthProvider == null) {
            upstreamOAuthProvider = new JooqUpstreamOAuthProviderRepository(statements);
        }
        return upstreamOAuthProvider;
    }

    @Override
    public UpstreamOAuthLinkRepository upstreamOAuthLink() {
        if (upstreamOAuthLink == null) {
            upstreamOAuthLink = new JooqUpstreamOAuthLinkRepository(statements);
        }
        return upstreamOAuthLink;
    }

    @Override
    public UpstreamOAuthSessionRepository upstreamOAuthSession() {
        if (upstreamOAuthSession == null) {
            upstreamOAuthSession = new JooqUpstreamOAuthSessionRepository(statements);
        }
        return upstreamOAuthSession;
    }

    @Override
    public PolicyDataRepository policyData() {
        if (policyData == null) {
            policyData = new JooqPolicyDataRepository(statements);
        }
        return policyData;
    }

    @Override
    public QueueWorkerRepository queueWorker() {
        if (queueWorker == null) {
            queueWorker = new JooqQueueWorkerRepository(statements);
        }
        return queueWorker;
    }

    @Override
    public QueueJobRepository queueJob() {
        if (queueJob == null) {
            queueJob = new JooqQueueJobRepository(statements);
        }
        return queueJob;
    }

    @Override
    public QueueScheduleRepository queueSchedule() {
        if (queueSchedule == null) {
            queueSchedule = new JooqQueueScheduleRepository(statements);
        }
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
