package io.authstore.storage;

import io.authstore.storage.app.AppSessionRepository;
import io.authstore.storage.compat.CompatAccessTokenRepository;
import io.authstore.storage.compat.CompatRefreshTokenRepository;
import io.authstore.storage.compat.CompatSessionRepository;
import io.authstore.storage.compat.CompatSsoLoginRepository;
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

    CompatSessionRepository compatSession();

    CompatSsoLoginRepository compatSsoLogin();

    CompatAccessTokenRepository compatAccessToken();

    CompatRefreshTokenRepository compatRefreshToken();

    PersonalSessionRepository personalSession();

    PersonalAccessTokenRepository personalAccessToken();

    OAuth2ClientRepository oauth2Client();

    OAuth2AuthorizationGrantRepository oauth2AuthorizationGrant();

    OAuth2DeviceCodeGrantRepository oauth2DeviceCodeGrant();

    OAuth2SessionRepository oauth2Session();

    OAuth2AccessTokenRepository oauth2AccessToken();

    OAuth2RefreshTokenRepository oauth2RefreshToken();

    /** OAuth 2.0 and compatibility sessions together. */
    AppSessionRepository appSession();

    UpstreamOAuthProviderRepository upstreamOAuthProvider();

    UpstreamOAuthLinkRepository upstreamOAuthLink();

    UpstreamOAuthSessionRepository upstreamOAuthSession();

    PolicyDataRepository policyData();

    QueueWorkerRepository queueWorker();

    QueueJobRepository queueJob();

    QueueScheduleRepository queueSchedule();

    /** Commits and returns the connection to the pool. */
    Mono<Void> save();

    /** Rolls back and returns the connection to the pool. Does nothing when the session has already ended. */
    Mono<Void> cancel();
}
