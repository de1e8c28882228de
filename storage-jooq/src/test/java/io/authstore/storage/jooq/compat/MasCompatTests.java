package io.authstore.storage.jooq.compat;

import static io.authstore.storage.jooq.compat.CompatFixtures.await;
import static io.authstore.storage.jooq.compat.CompatFixtures.device;
import static io.authstore.storage.jooq.compat.CompatFixtures.open;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.ConflictException;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.compat.CompatAccessToken;
import io.authstore.storage.compat.CompatRefreshToken;
import io.authstore.storage.compat.CompatRefreshTokenReplacement;
import io.authstore.storage.compat.CompatSession;
import io.authstore.storage.compat.CompatSessionFilter;
import io.authstore.storage.compat.CompatSessionWithLogin;
import io.authstore.storage.compat.CompatSsoLogin;
import io.authstore.storage.compat.CompatSsoLoginFilter;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MAS's tests of its compatibility repositories (crates/storage-pg/src/compat/mod.rs), ported. */
@ExtendWith(StorageExtension.class)
class MasCompatTests {

    // MAS: test_session_repository
    @Test
    void testSessionRepository(TestStorage storage) {
        var clock = storage.clock();
        var rng = storage.random();
        RepositorySession repo = open(storage);

        User user = await(repo.user().add(clock, rng, "john"));

        CompatSessionFilter all = CompatSessionFilter.all().user(user);
        CompatSessionFilter active = all.active();
        CompatSessionFilter finished = all.finished();
        Pagination pagination = Pagination.first(10);

        assertThat(await(repo.compatSession().count(all))).isZero();
        assertThat(await(repo.compatSession().count(active))).isZero();
        assertThat(await(repo.compatSession().count(finished))).isZero();

        assertThat(await(repo.compatSession().list(all, pagination)).edges()).isEmpty();
        assertThat(await(repo.compatSession().list(active, pagination)).edges()).isEmpty();
        assertThat(await(repo.compatSession().list(finished, pagination)).edges()).isEmpty();

        // Start a compat session for that user
        String device = device(rng);
        CompatSession session = await(repo.compatSession()
                .add(clock, rng, user, device, Optional.empty(), false, Optional.empty()));
        assertThat(session.userId()).isEqualTo(user.id());
        assertThat(session.deviceId()).contains(device);
        assertThat(session.isActive()).isTrue();
        assertThat(session.finishedAt()).isEmpty();

        assertThat(await(repo.compatSession().count(all))).isEqualTo(1);
        assertThat(await(repo.compatSession().count(active))).isEqualTo(1);
        assertThat(await(repo.compatSession().count(finished))).isZero();

        Page<CompatSessionWithLogin> fullList = await(repo.compatSession().list(all, pagination));
        assertThat(fullList.edges()).hasSize(1);
        assertThat(fullList.items().get(0).session().id()).isEqualTo(session.id());
        Page<CompatSessionWithLogin> activeList = await(repo.compatSession().list(active, pagination));
        assertThat(activeList.edges()).hasSize(1);
        assertThat(activeList.items().get(0).session().id()).isEqualTo(session.id());
        assertThat(await(repo.compatSession().list(finished, pagination)).edges()).isEmpty();

        // Lookup the session and check it didn't change
        CompatSession sessionLookup = await(repo.compatSession().lookup(session.id()));
        assertThat(sessionLookup).as("compat session not found").isNotNull();
        assertThat(sessionLookup.id()).isEqualTo(session.id());
        assertThat(sessionLookup.userId()).isEqualTo(user.id());
        assertThat(session.deviceId()).contains(device);
        assertThat(sessionLookup.isActive()).isTrue();
        assertThat(sessionLookup.finishedAt()).isEmpty();

        // Record a user-agent for the session
        assertThat(sessionLookup.userAgent()).isEmpty();
        session = await(repo.compatSession().recordUserAgent(sessionLookup, "Mozilla/5.0"));
        assertThat(session.userAgent()).contains("Mozilla/5.0");

        // Reload the session and check again
        sessionLookup = await(repo.compatSession().lookup(session.id()));
        assertThat(sessionLookup.userAgent()).contains("Mozilla/5.0");

        // Look up the session by device
        Page<CompatSessionWithLogin> list = await(repo.compatSession()
                .list(CompatSessionFilter.all().user(user).device(device), pagination));
        assertThat(list.edges()).hasSize(1);
        sessionLookup = list.items().get(0).session();
        assertThat(sessionLookup.id()).isEqualTo(session.id());
        assertThat(sessionLookup.userId()).isEqualTo(user.id());
        assertThat(session.deviceId()).contains(device);
        assertThat(sessionLookup.isActive()).isTrue();
        assertThat(sessionLookup.finishedAt()).isEmpty();

        // Finish the session
        session = await(repo.compatSession().finish(clock, session));
        assertThat(session.isActive()).isFalse();
        assertThat(session.finishedAt()).isPresent();

        assertThat(await(repo.compatSession().count(all))).isEqualTo(1);
        assertThat(await(repo.compatSession().count(active))).isZero();
        assertThat(await(repo.compatSession().count(finished))).isEqualTo(1);

        fullList = await(repo.compatSession().list(all, pagination));
        assertThat(fullList.edges()).hasSize(1);
        assertThat(fullList.items().get(0).session().id()).isEqualTo(session.id());
        assertThat(await(repo.compatSession().list(active, pagination)).edges()).isEmpty();
        Page<CompatSessionWithLogin> finishedList = await(repo.compatSession().list(finished, pagination));
        assertThat(finishedList.edges()).hasSize(1);
        assertThat(finishedList.items().get(0).session().id()).isEqualTo(session.id());

        // Reload the session and check again
        sessionLookup = await(repo.compatSession().lookup(session.id()));
        assertThat(sessionLookup.isActive()).isFalse();
        assertThat(sessionLookup.finishedAt()).isPresent();

        // Now add another session, with an SSO login this time
        CompatSession unknownSession = session;
        CompatSsoLogin login = await(repo.compatSsoLogin()
                .add(clock, rng, "login-token", URI.create("https://example.com/callback")));
        assertThat(login.isPending()).isTrue();

        // Start a browser session for the user
        BrowserSession browserSession = await(repo.browserSession().add(clock, rng, user, Optional.empty()));

        // Start a compat session for that user
        CompatSession ssoLoginSession = await(repo.compatSession()
                .add(clock, rng, user, device(rng), Optional.of(browserSession), false, Optional.empty()));

        // Associate the login with the session
        login = await(repo.compatSsoLogin().fulfill(clock, login, browserSession));
        assertThat(login.isFulfilled()).isTrue();
        login = await(repo.compatSsoLogin().exchange(clock, login, ssoLoginSession));
        assertThat(login.isExchanged()).isTrue();

        // Now query the session list with both the unknown and SSO login session type filter
        all = CompatSessionFilter.all().user(user);
        CompatSessionFilter ssoLogin = all.ssoLogin();
        CompatSessionFilter unknown = all.unknown();
        assertThat(await(repo.compatSession().count(all))).isEqualTo(2);
        assertThat(await(repo.compatSession().count(ssoLogin))).isEqualTo(1);
        assertThat(await(repo.compatSession().count(unknown))).isEqualTo(1);

        list = await(repo.compatSession().list(ssoLogin, pagination));
        assertThat(list.edges()).hasSize(1);
        assertThat(list.items().get(0).session().id()).isEqualTo(ssoLoginSession.id());
        list = await(repo.compatSession().list(unknown, pagination));
        assertThat(list.edges()).hasSize(1);
        assertThat(list.items().get(0).session().id()).isEqualTo(unknownSession.id());

        // Check that combining the two filters works
        // At this point, there is one active SSO login session and one finished unknown session
        assertThat(await(repo.compatSession().count(all.ssoLogin().active()))).isEqualTo(1);
        assertThat(await(repo.compatSession().count(all.ssoLogin().finished()))).isZero();
        assertThat(await(repo.compatSession().count(all.unknown().active()))).isZero();
        assertThat(await(repo.compatSession().count(all.unknown().finished()))).isEqualTo(1);

        // Check that we can batch finish sessions
        long affected = await(repo.compatSession().finishBulk(clock, all.ssoLogin().active()));
        assertThat(affected).isEqualTo(1);
        assertThat(await(repo.compatSession().count(finished))).isEqualTo(2);
        assertThat(await(repo.compatSession().count(active))).isZero();
        await(repo.cancel());
    }

    // MAS: test_list_compat_sessions_by_created_at
    @Test
    void testListCompatSessionsByCreatedAt(TestStorage storage) {
        var clock = storage.clock();
        var rng = storage.random();
        RepositorySession repo = open(storage);

        User user = await(repo.user().add(clock, rng, "alice"));

        // Three sessions created one minute apart, with a cutoff between the second and the third.
        CompatSession session1 = await(repo.compatSession()
                .add(clock, rng, user, device(rng), Optional.empty(), false, Optional.empty()));
        clock.advance(Duration.ofMinutes(1));
        CompatSession session2 = await(repo.compatSession()
                .add(clock, rng, user, device(rng), Optional.empty(), false, Optional.empty()));
        clock.advance(Duration.ofMinutes(1));
        Instant cutoff = clock.now();
        clock.advance(Duration.ofMinutes(1));
        CompatSession session3 = await(repo.compatSession()
                .add(clock, rng, user, device(rng), Optional.empty(), false, Optional.empty()));

        Pagination pagination = Pagination.first(10);

        // Sessions created before the cutoff
        CompatSessionFilter filter = CompatSessionFilter.all().createdBefore(cutoff);
        Page<CompatSessionWithLogin> list = await(repo.compatSession().list(filter, pagination));
        assertThat(list.edges()).hasSize(2);
        assertThat(list.items().get(0).session()).isEqualTo(session1);
        assertThat(list.items().get(1).session()).isEqualTo(session2);
        assertThat(await(repo.compatSession().count(filter))).isEqualTo(2);

        // Sessions created after the cutoff
        filter = CompatSessionFilter.all().createdAfter(cutoff);
        list = await(repo.compatSession().list(filter, pagination));
        assertThat(list.edges()).hasSize(1);
        assertThat(list.items().get(0).session()).isEqualTo(session3);
        assertThat(await(repo.compatSession().count(filter))).isEqualTo(1);
        await(repo.cancel());
    }

    // MAS: test_access_token_repository
    @Test
    void testAccessTokenRepository(TestStorage storage) {
        final String firstToken = "first_access_token";
        final String secondToken = "second_access_token";
        var clock = storage.clock();
        var rng = storage.random();
        RepositorySession repo = open(storage);

        User user = await(repo.user().add(clock, rng, "john"));
        CompatSession session = await(repo.compatSession()
                .add(clock, rng, user, device(rng), Optional.empty(), false, Optional.empty()));

        // Add an access token to that session
        CompatAccessToken token = await(repo.compatAccessToken()
                .add(clock, rng, session, firstToken, Optional.of(Duration.ofMinutes(1))));
        assertThat(token.sessionId()).isEqualTo(session.id());
        assertThat(token.token()).isEqualTo(firstToken);

        // Commit the txn and grab a new transaction, to test a conflict
        await(repo.save());
        {
            RepositorySession other = open(storage);
            // Adding the same token a second time should conflict
            assertThatThrownBy(() -> await(other.compatAccessToken()
                    .add(clock, rng, session, firstToken, Optional.of(Duration.ofMinutes(1)))))
                    .isInstanceOf(ConflictException.class);
            await(other.cancel());
        }

        // Grab a new repo
        repo = open(storage);

        // Looking up via ID works
        CompatAccessToken tokenLookup = await(repo.compatAccessToken().lookup(token.id()));
        assertThat(tokenLookup).as("compat access token not found").isNotNull();
        assertThat(tokenLookup.id()).isEqualTo(token.id());
        assertThat(tokenLookup.sessionId()).isEqualTo(session.id());

        // Looking up via the token value works
        tokenLookup = await(repo.compatAccessToken().findByToken(firstToken));
        assertThat(tokenLookup).as("compat access token not found").isNotNull();
        assertThat(tokenLookup.id()).isEqualTo(token.id());
        assertThat(tokenLookup.sessionId()).isEqualTo(session.id());

        // Token is currently valid
        assertThat(token.isValidAt(clock.now())).isTrue();

        clock.advance(Duration.ofMinutes(1));
        // Token should have expired
        assertThat(token.isValidAt(clock.now())).isFalse();

        // Add a second access token, this time without expiration
        token = await(repo.compatAccessToken().add(clock, rng, session, secondToken, Optional.empty()));
        assertThat(token.sessionId()).isEqualTo(session.id());
        assertThat(token.token()).isEqualTo(secondToken);

        // Token is currently valid
        assertThat(token.isValidAt(clock.now())).isTrue();

        // Make it expire
        await(repo.compatAccessToken().expire(clock, token));

        // Reload it
        token = await(repo.compatAccessToken().findByToken(secondToken));
        assertThat(token).as("compat access token not found").isNotNull();

        // Token is not valid anymore
        assertThat(token.isValidAt(clock.now())).isFalse();

        await(repo.save());
    }

    // MAS: test_refresh_token_repository. MAS adds the successor first and then calls consume_and_replace with
    // it; authstore's consumeAndReplace creates the successor itself (README, "Differences from MAS").
    @Test
    void testRefreshTokenRepository(TestStorage storage) {
        final String accessTokenValue = "access_token";
        final String refreshTokenValue = "refresh_token";
        final String refreshToken2Value = "refresh_token2";
        var clock = storage.clock();
        var rng = storage.random();
        RepositorySession repo = open(storage);

        User user = await(repo.user().add(clock, rng, "john"));
        CompatSession session = await(repo.compatSession()
                .add(clock, rng, user, device(rng), Optional.empty(), false, Optional.empty()));

        // Add an access token to that session
        CompatAccessToken accessToken = await(repo.compatAccessToken()
                .add(clock, rng, session, accessTokenValue, Optional.empty()));

        CompatRefreshToken refreshToken = await(repo.compatRefreshToken()
                .add(clock, rng, session, accessToken, refreshTokenValue));
        assertThat(refreshToken.sessionId()).isEqualTo(session.id());
        assertThat(refreshToken.accessTokenId()).isEqualTo(accessToken.id());
        assertThat(refreshToken.token()).isEqualTo(refreshTokenValue);
        assertThat(refreshToken.isValid()).isTrue();
        assertThat(refreshToken.isConsumed()).isFalse();

        // Look it up by ID and check everything matches
        CompatRefreshToken lookup = await(repo.compatRefreshToken().lookup(refreshToken.id()));
        assertThat(lookup).as("refresh token not found").isNotNull();
        assertThat(lookup.id()).isEqualTo(refreshToken.id());
        assertThat(lookup.sessionId()).isEqualTo(session.id());
        assertThat(lookup.accessTokenId()).isEqualTo(accessToken.id());
        assertThat(lookup.token()).isEqualTo(refreshTokenValue);
        assertThat(lookup.isValid()).isTrue();
        assertThat(lookup.isConsumed()).isFalse();

        // Look it up by token and check everything matches
        lookup = await(repo.compatRefreshToken().findByToken(refreshTokenValue));
        assertThat(lookup).as("refresh token not found").isNotNull();
        assertThat(lookup.id()).isEqualTo(refreshToken.id());
        assertThat(lookup.sessionId()).isEqualTo(session.id());
        assertThat(lookup.accessTokenId()).isEqualTo(accessToken.id());
        assertThat(lookup.token()).isEqualTo(refreshTokenValue);
        assertThat(lookup.isValid()).isTrue();
        assertThat(lookup.isConsumed()).isFalse();

        // Consume the first token, replacing it with a second one (created by the same call)
        CompatRefreshTokenReplacement replacement = await(repo.compatRefreshToken()
                .consumeAndReplace(clock, rng, refreshToken, accessToken, refreshToken2Value));
        CompatRefreshToken refreshToken2 = replacement.successor();
        assertThat(refreshToken2.token()).isEqualTo(refreshToken2Value);
        assertThat(refreshToken2.isValid()).isTrue();
        CompatRefreshToken consumed = replacement.consumed();
        assertThat(consumed.isValid()).isFalse();
        assertThat(consumed.isConsumed()).isTrue();

        // Reload the first token and check again
        lookup = await(repo.compatRefreshToken().findByToken(refreshTokenValue));
        assertThat(lookup).as("refresh token not found").isNotNull();
        assertThat(lookup.isValid()).isFalse();
        assertThat(lookup.isConsumed()).isTrue();

        // Consuming it again should not work
        RepositorySession same = repo;
        assertThatThrownBy(() -> await(same.compatRefreshToken()
                .consumeAndReplace(clock, rng, consumed, accessToken, refreshToken2Value)))
                .isInstanceOf(InvalidTransitionException.class);

        await(repo.save());
    }

    // MAS: test_compat_sso_login_repository
    @Test
    void testCompatSsoLoginRepository(TestStorage storage) {
        var clock = storage.clock();
        var rng = storage.random();
        RepositorySession repo = open(storage);

        User user = await(repo.user().add(clock, rng, "john"));

        // Lookup an unknown SSO login
        assertThat(await(repo.compatSsoLogin().lookup(Ulid.minAt(Instant.EPOCH)))).isNull();

        CompatSsoLoginFilter all = CompatSsoLoginFilter.all();
        CompatSsoLoginFilter forUser = all.user(user);
        CompatSsoLoginFilter pending = all.pending();
        CompatSsoLoginFilter fulfilled = all.fulfilled();
        CompatSsoLoginFilter exchanged = all.exchanged();

        // Check the initial counts
        assertCounts(repo, all, forUser, pending, fulfilled, exchanged, 0, 0, 0, 0, 0);

        // Lookup an unknown login token
        assertThat(await(repo.compatSsoLogin().findByToken("login-token"))).isNull();

        // Start a new SSO login
        CompatSsoLogin login = await(repo.compatSsoLogin()
                .add(clock, rng, "login-token", URI.create("https://example.com/callback")));
        assertThat(login.isPending()).isTrue();

        // Check the counts
        assertCounts(repo, all, forUser, pending, fulfilled, exchanged, 1, 0, 1, 0, 0);

        // Lookup the login by ID
        assertThat(await(repo.compatSsoLogin().lookup(login.id()))).as("login not found").isEqualTo(login);

        // Find the login by token
        assertThat(await(repo.compatSsoLogin().findByToken("login-token"))).as("login not found").isEqualTo(login);

        // Start a compat session for that user
        CompatSession compatSession = await(repo.compatSession()
                .add(clock, rng, user, device(rng), Optional.empty(), false, Optional.empty()));

        // Exchanging before fulfilling should not work
        // Note: It should also not poison the SQL transaction
        CompatSsoLogin pendingLogin = login;
        assertThatThrownBy(() -> await(repo.compatSsoLogin().exchange(clock, pendingLogin, compatSession)))
                .isInstanceOf(InvalidTransitionException.class);

        // Start a browser session for that user
        BrowserSession browserSession = await(repo.browserSession().add(clock, rng, user, Optional.empty()));

        // Associate the login with the session
        login = await(repo.compatSsoLogin().fulfill(clock, login, browserSession));
        assertThat(login.isFulfilled()).isTrue();

        // Check the counts
        assertCounts(repo, all, forUser, pending, fulfilled, exchanged, 1, 1, 0, 1, 0);

        // Fulfilling again should not work
        // Note: It should also not poison the SQL transaction
        CompatSsoLogin fulfilledLogin = login;
        assertThatThrownBy(() -> await(repo.compatSsoLogin().fulfill(clock, fulfilledLogin, browserSession)))
                .isInstanceOf(InvalidTransitionException.class);

        // Exchange that login
        login = await(repo.compatSsoLogin().exchange(clock, login, compatSession));
        assertThat(login.isExchanged()).isTrue();

        // Check the counts
        assertCounts(repo, all, forUser, pending, fulfilled, exchanged, 1, 1, 0, 0, 1);

        // Exchange again should not work
        // Note: It should also not poison the SQL transaction
        CompatSsoLogin exchangedLogin = login;
        assertThatThrownBy(() -> await(repo.compatSsoLogin().exchange(clock, exchangedLogin, compatSession)))
                .isInstanceOf(InvalidTransitionException.class);

        // Fulfilling after exchanging should not work
        // Note: It should also not poison the SQL transaction
        assertThatThrownBy(() -> await(repo.compatSsoLogin().fulfill(clock, exchangedLogin, browserSession)))
                .isInstanceOf(InvalidTransitionException.class);

        Pagination pagination = Pagination.first(10);

        // List all logins
        Page<CompatSsoLogin> logins = await(repo.compatSsoLogin().list(all, pagination));
        assertThat(logins.hasNextPage()).isFalse();
        assertThat(logins.items()).containsExactly(login);

        // List the logins for the user
        logins = await(repo.compatSsoLogin().list(forUser, pagination));
        assertThat(logins.hasNextPage()).isFalse();
        assertThat(logins.items()).containsExactly(login);

        // List only the pending logins for the user
        logins = await(repo.compatSsoLogin().list(forUser.pending(), pagination));
        assertThat(logins.hasNextPage()).isFalse();
        assertThat(logins.edges()).isEmpty();

        // List only the fulfilled logins for the user
        logins = await(repo.compatSsoLogin().list(forUser.fulfilled(), pagination));
        assertThat(logins.hasNextPage()).isFalse();
        assertThat(logins.edges()).isEmpty();

        // List only the exchanged logins for the user
        logins = await(repo.compatSsoLogin().list(forUser.exchanged(), pagination));
        assertThat(logins.hasNextPage()).isFalse();
        assertThat(logins.items()).containsExactly(login);
        await(repo.cancel());
    }

    private static void assertCounts(RepositorySession repo, CompatSsoLoginFilter all, CompatSsoLoginFilter forUser,
            CompatSsoLoginFilter pending, CompatSsoLoginFilter fulfilled, CompatSsoLoginFilter exchanged,
            long allCount, long forUserCount, long pendingCount, long fulfilledCount, long exchangedCount) {
        assertThat(await(repo.compatSsoLogin().count(all))).isEqualTo(allCount);
        assertThat(await(repo.compatSsoLogin().count(forUser))).isEqualTo(forUserCount);
        assertThat(await(repo.compatSsoLogin().count(pending))).isEqualTo(pendingCount);
        assertThat(await(repo.compatSsoLogin().count(fulfilled))).isEqualTo(fulfilledCount);
        assertThat(await(repo.compatSsoLogin().count(exchanged))).isEqualTo(exchangedCount);
    }
}
