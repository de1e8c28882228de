package io.authstore.storage.jooq.compat;

import static io.authstore.storage.jooq.compat.CompatFixtures.device;
import static io.authstore.storage.jooq.testing.TestStorage.await;
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
        RepositorySession repo = storage.open();

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

        CompatSession sessionLookup = await(repo.compatSession().lookup(session.id()));
        assertThat(sessionLookup).as("the compat session exists").isNotNull();
        assertThat(sessionLookup.id()).isEqualTo(session.id());
        assertThat(sessionLookup.userId()).isEqualTo(user.id());
        assertThat(session.deviceId()).contains(device);
        assertThat(sessionLookup.isActive()).isTrue();
        assertThat(sessionLookup.finishedAt()).isEmpty();

        assertThat(sessionLookup.userAgent()).isEmpty();
        session = await(repo.compatSession().recordUserAgent(sessionLookup, "Mozilla/5.0"));
        assertThat(session.userAgent()).contains("Mozilla/5.0");

        sessionLookup = await(repo.compatSession().lookup(session.id()));
        assertThat(sessionLookup.userAgent()).contains("Mozilla/5.0");

        Page<CompatSessionWithLogin> list = await(repo.compatSession()
                .list(CompatSessionFilter.all().user(user).device(device), pagination));
        assertThat(list.edges()).hasSize(1);
        sessionLookup = list.items().get(0).session();
        assertThat(sessionLookup.id()).isEqualTo(session.id());
        assertThat(sessionLookup.userId()).isEqualTo(user.id());
        assertThat(session.deviceId()).contains(device);
        assertThat(sessionLookup.isActive()).isTrue();
        assertThat(sessionLookup.finishedAt()).isEmpty();

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

        sessionLookup = await(repo.compatSession().lookup(session.id()));
        assertThat(sessionLookup.isActive()).isFalse();
        assertThat(sessionLookup.finishedAt()).isPresent();

        CompatSession unknownSession = session;
        CompatSsoLogin login = await(repo.compatSsoLogin()
                .add(clock, rng, "login-token", URI.create("https://example.com/callback")));
        assertThat(login.isPending()).isTrue();

        BrowserSession browserSession = await(repo.browserSession().add(clock, rng, user, Optional.empty()));

        CompatSession ssoLoginSession = await(repo.compatSession()
                .add(clock, rng, user, device(rng), Optional.of(browserSession), false, Optional.empty()));

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

        assertThat(await(repo.compatSession().count(all.ssoLogin().active()))).isEqualTo(1);
        assertThat(await(repo.compatSession().count(all.ssoLogin().finished()))).isZero();
        assertThat(await(repo.compatSession().count(all.unknown().active()))).isZero();
        assertThat(await(repo.compatSession().count(all.unknown().finished()))).isEqualTo(1);

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
        RepositorySession repo = storage.open();

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

        CompatSessionFilter filter = CompatSessionFilter.all().createdBefore(cutoff);
        Page<CompatSessionWithLogin> list = await(repo.compatSession().list(filter, pagination));
        assertThat(list.edges()).hasSize(2);
        assertThat(list.items().get(0).session()).isEqualTo(session1);
        assertThat(list.items().get(1).session()).isEqualTo(session2);
        assertThat(await(repo.compatSession().count(filter))).isEqualTo(2);

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
        RepositorySession repo = storage.open();

        User user = await(repo.user().add(clock, rng, "john"));
        CompatSession session = await(repo.compatSession()
                .add(clock, rng, user, device(rng), Optional.empty(), false, Optional.empty()));

        CompatAccessToken token = await(repo.compatAccessToken()
                .add(clock, rng, session, firstToken, Optional.of(Duration.ofMinutes(1))));
        assertThat(token.sessionId()).isEqualTo(session.id());
        assertThat(token.token()).isEqualTo(firstToken);

        await(repo.save());
        {
            RepositorySession other = storage.open();
            assertThatThrownBy(() -> await(other.compatAccessToken()
                    .add(clock, rng, session, firstToken, Optional.of(Duration.ofMinutes(1)))))
                    .isInstanceOf(ConflictException.class);
            await(other.cancel());
        }

        repo = storage.open();

        CompatAccessToken tokenLookup = await(repo.compatAccessToken().lookup(token.id()));
        assertThat(tokenLookup).as("the compat access token exists").isNotNull();
        assertThat(tokenLookup.id()).isEqualTo(token.id());
        assertThat(tokenLookup.sessionId()).isEqualTo(session.id());

        tokenLookup = await(repo.compatAccessToken().findByToken(firstToken));
        assertThat(tokenLookup).as("the compat access token exists").isNotNull();
        assertThat(tokenLookup.id()).isEqualTo(token.id());
        assertThat(tokenLookup.sessionId()).isEqualTo(session.id());

        assertThat(token.isValidAt(clock.now())).isTrue();

        clock.advance(Duration.ofMinutes(1));
        assertThat(token.isValidAt(clock.now())).isFalse();

        token = await(repo.compatAccessToken().add(clock, rng, session, secondToken, Optional.empty()));
        assertThat(token.sessionId()).isEqualTo(session.id());
        assertThat(token.token()).isEqualTo(secondToken);

        assertThat(token.isValidAt(clock.now())).isTrue();

        await(repo.compatAccessToken().expire(clock, token));

        token = await(repo.compatAccessToken().findByToken(secondToken));
        assertThat(token).as("the compat access token exists").isNotNull();

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
        RepositorySession repo = storage.open();

        User user = await(repo.user().add(clock, rng, "john"));
        CompatSession session = await(repo.compatSession()
                .add(clock, rng, user, device(rng), Optional.empty(), false, Optional.empty()));

        CompatAccessToken accessToken = await(repo.compatAccessToken()
                .add(clock, rng, session, accessTokenValue, Optional.empty()));

        CompatRefreshToken refreshToken = await(repo.compatRefreshToken()
                .add(clock, rng, session, accessToken, refreshTokenValue));
        assertThat(refreshToken.sessionId()).isEqualTo(session.id());
        assertThat(refreshToken.accessTokenId()).isEqualTo(accessToken.id());
        assertThat(refreshToken.token()).isEqualTo(refreshTokenValue);
        assertThat(refreshToken.isValid()).isTrue();
        assertThat(refreshToken.isConsumed()).isFalse();

        CompatRefreshToken lookup = await(repo.compatRefreshToken().lookup(refreshToken.id()));
        assertThat(lookup).as("the refresh token exists").isNotNull();
        assertThat(lookup.id()).isEqualTo(refreshToken.id());
        assertThat(lookup.sessionId()).isEqualTo(session.id());
        assertThat(lookup.accessTokenId()).isEqualTo(accessToken.id());
        assertThat(lookup.token()).isEqualTo(refreshTokenValue);
        assertThat(lookup.isValid()).isTrue();
        assertThat(lookup.isConsumed()).isFalse();

        lookup = await(repo.compatRefreshToken().findByToken(refreshTokenValue));
        assertThat(lookup).as("the refresh token exists").isNotNull();
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

        lookup = await(repo.compatRefreshToken().findByToken(refreshTokenValue));
        assertThat(lookup).as("the refresh token exists").isNotNull();
        assertThat(lookup.isValid()).isFalse();
        assertThat(lookup.isConsumed()).isTrue();

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
        RepositorySession repo = storage.open();

        User user = await(repo.user().add(clock, rng, "john"));

        assertThat(await(repo.compatSsoLogin().lookup(Ulid.minAt(Instant.EPOCH)))).isNull();

        CompatSsoLoginFilter all = CompatSsoLoginFilter.all();
        CompatSsoLoginFilter forUser = all.user(user);
        CompatSsoLoginFilter pending = all.pending();
        CompatSsoLoginFilter fulfilled = all.fulfilled();
        CompatSsoLoginFilter exchanged = all.exchanged();

        assertCounts(repo, all, forUser, pending, fulfilled, exchanged, 0, 0, 0, 0, 0);

        assertThat(await(repo.compatSsoLogin().findByToken("login-token"))).isNull();

        CompatSsoLogin login = await(repo.compatSsoLogin()
                .add(clock, rng, "login-token", URI.create("https://example.com/callback")));
        assertThat(login.isPending()).isTrue();

        assertCounts(repo, all, forUser, pending, fulfilled, exchanged, 1, 0, 1, 0, 0);

        assertThat(await(repo.compatSsoLogin().lookup(login.id()))).as("the login exists").isEqualTo(login);

        assertThat(await(repo.compatSsoLogin().findByToken("login-token"))).as("the login exists").isEqualTo(login);

        CompatSession compatSession = await(repo.compatSession()
                .add(clock, rng, user, device(rng), Optional.empty(), false, Optional.empty()));

        CompatSsoLogin pendingLogin = login;
        assertThatThrownBy(() -> await(repo.compatSsoLogin().exchange(clock, pendingLogin, compatSession)))
                .isInstanceOf(InvalidTransitionException.class);

        BrowserSession browserSession = await(repo.browserSession().add(clock, rng, user, Optional.empty()));

        login = await(repo.compatSsoLogin().fulfill(clock, login, browserSession));
        assertThat(login.isFulfilled()).isTrue();

        assertCounts(repo, all, forUser, pending, fulfilled, exchanged, 1, 1, 0, 1, 0);

        CompatSsoLogin fulfilledLogin = login;
        assertThatThrownBy(() -> await(repo.compatSsoLogin().fulfill(clock, fulfilledLogin, browserSession)))
                .isInstanceOf(InvalidTransitionException.class);

        login = await(repo.compatSsoLogin().exchange(clock, login, compatSession));
        assertThat(login.isExchanged()).isTrue();

        assertCounts(repo, all, forUser, pending, fulfilled, exchanged, 1, 1, 0, 0, 1);

        CompatSsoLogin exchangedLogin = login;
        assertThatThrownBy(() -> await(repo.compatSsoLogin().exchange(clock, exchangedLogin, compatSession)))
                .isInstanceOf(InvalidTransitionException.class);

        assertThatThrownBy(() -> await(repo.compatSsoLogin().fulfill(clock, exchangedLogin, browserSession)))
                .isInstanceOf(InvalidTransitionException.class);

        Pagination pagination = Pagination.first(10);

        Page<CompatSsoLogin> logins = await(repo.compatSsoLogin().list(all, pagination));
        assertThat(logins.hasNextPage()).isFalse();
        assertThat(logins.items()).containsExactly(login);

        logins = await(repo.compatSsoLogin().list(forUser, pagination));
        assertThat(logins.hasNextPage()).isFalse();
        assertThat(logins.items()).containsExactly(login);

        logins = await(repo.compatSsoLogin().list(forUser.pending(), pagination));
        assertThat(logins.hasNextPage()).isFalse();
        assertThat(logins.edges()).isEmpty();

        logins = await(repo.compatSsoLogin().list(forUser.fulfilled(), pagination));
        assertThat(logins.hasNextPage()).isFalse();
        assertThat(logins.edges()).isEmpty();

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
