package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.USER_TERMS;
import static io.authstore.storage.jooq.testing.TestStorage.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.ConflictException;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.upstream.UpstreamOAuthAuthorizationSession;
import io.authstore.storage.upstream.UpstreamOAuthProvider;
import io.authstore.storage.upstream.UpstreamOAuthProviderParams;
import io.authstore.storage.upstream.UpstreamOAuthSessionFilter;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.BrowserSessionFilter;
import io.authstore.storage.users.Password;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserEmail;
import io.authstore.storage.users.UserEmailAuthentication;
import io.authstore.storage.users.UserEmailAuthenticationCode;
import io.authstore.storage.users.UserEmailFilter;
import io.authstore.storage.users.UserFilter;
import io.authstore.storage.users.UserState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MAS's users-domain tests ({@code crates/storage-pg/src/user/tests.rs}), one method each, in MAS's order of
 * operations and with every one of its assertions. Like MAS's, each runs in one repository session on a clock that
 * stands still unless the test moves it. Where authstore deliberately differs, the assertion says so and the README's
 * "Differences from MAS" table has the row. The user filters on OAuth 2.0 and compatibility sessions are in
 * {@code MasUserFilterOAuth2Tests} and {@code MasUserFilterCompatTests}.
 */
@ExtendWith(StorageExtension.class)
class MasUserTests {

    /** MAS: {@code test_user_repo}. */
    @Test
    void testUserRepo(TestStorage storage) {
        String username = "john";
        RepositorySession repo = storage.open();
        var clock = storage.clock();
        var rng = storage.random();

        UserFilter all = UserFilter.all();
        UserFilter admin = all.canRequestAdmin(true);
        UserFilter nonAdmin = all.canRequestAdmin(false);
        UserFilter active = all.state(UserState.ACTIVE);
        UserFilter locked = all.state(UserState.LOCKED);
        UserFilter deactivated = all.state(UserState.DEACTIVATED);

        // Nobody has the name yet.
        assertThat(await(repo.user().exists(username))).isFalse();
        assertThat(await(repo.user().findByUsername(username))).isNull();
        assertCounts(repo, all, 0, admin, 0, nonAdmin, 0, active, 0, locked, 0, deactivated, 0);

        User user = await(repo.user().add(clock, rng, username));

        assertThat(await(repo.user().exists(username))).isTrue();
        assertThat(await(repo.user().findByUsername(username))).isNotNull();
        assertThat(await(repo.user().lookup(user.id()))).isNotNull();
        assertCounts(repo, all, 1, admin, 0, nonAdmin, 1, active, 1, locked, 0, deactivated, 0);

        // A second add of the name is a conflict that does not end the session.
        assertThatThrownBy(() -> await(repo.user().add(clock, rng, username)))
                .isInstanceOf(ConflictException.class);

        assertThat(user.isActive()).isTrue();
        user = await(repo.user().lock(clock, user));
        assertThat(user.isActive()).isFalse();
        assertCounts(repo, all, 1, admin, 0, nonAdmin, 1, active, 0, locked, 1, deactivated, 0);

        user = await(repo.user().lookup(user.id()));
        assertThat(user.isActive()).isFalse();

        // Locking again succeeds.
        user = await(repo.user().lock(clock, user));
        assertThat(user.isActive()).isFalse();

        user = await(repo.user().unlock(user));
        assertThat(user.isActive()).isTrue();
        user = await(repo.user().lookup(user.id()));
        assertThat(user.isActive()).isTrue();

        // Unlocking again succeeds.
        user = await(repo.user().unlock(user));
        assertThat(user.isActive()).isTrue();

        user = await(repo.user().setCanRequestAdmin(user, true));
        assertThat(user.canRequestAdmin()).isTrue();
        assertCounts(repo, all, 1, admin, 1, nonAdmin, 0, active, 1, locked, 0, deactivated, 0);
        user = await(repo.user().lookup(user.id()));
        assertThat(user.canRequestAdmin()).isTrue();

        user = await(repo.user().setCanRequestAdmin(user, false));
        assertThat(user.canRequestAdmin()).isFalse();
        user = await(repo.user().lookup(user.id()));
        assertThat(user.canRequestAdmin()).isFalse();
        assertCounts(repo, all, 1, admin, 0, nonAdmin, 1, active, 1, locked, 0, deactivated, 0);

        user = await(repo.user().deactivate(clock, user));
        assertThat(user.deactivatedAt()).isPresent();
        user = await(repo.user().lookup(user.id()));
        assertThat(user.deactivatedAt()).isPresent();

        // Deactivating again succeeds.
        user = await(repo.user().deactivate(clock, user));
        assertThat(user.deactivatedAt()).isPresent();
        assertCounts(repo, all, 1, admin, 0, nonAdmin, 1, active, 0, locked, 0, deactivated, 1);

        assertThat(await(repo.user().count(all.search("alice")))).isZero();
        assertThat(await(repo.user().count(all.search("JO")))).isEqualTo(1);

        Page<User> list = await(repo.user().list(all, Pagination.first(10)));
        assertThat(list.edges()).hasSize(1);
        assertThat(list.items().getFirst().id()).isEqualTo(user.id());
        assertThat(await(repo.user().list(admin, Pagination.first(10))).edges()).isEmpty();
        list = await(repo.user().list(nonAdmin, Pagination.first(10)));
        assertThat(list.edges()).hasSize(1);
        assertThat(list.items().getFirst().id()).isEqualTo(user.id());
        assertThat(await(repo.user().list(active, Pagination.first(10))).edges()).isEmpty();
        assertThat(await(repo.user().list(locked, Pagination.first(10))).edges()).isEmpty();
        list = await(repo.user().list(deactivated, Pagination.first(10)));
        assertThat(list.edges()).hasSize(1);
        assertThat(list.items().getFirst().id()).isEqualTo(user.id());

        await(repo.save());
    }

    private static void assertCounts(RepositorySession repo, Object... filtersAndCounts) {
        for (int i = 0; i < filtersAndCounts.length; i += 2) {
            UserFilter filter = (UserFilter) filtersAndCounts[i];
            assertThat(await(repo.user().count(filter))).as("count(%s)", filter)
                    .isEqualTo(((Integer) filtersAndCounts[i + 1]).longValue());
        }
    }

    /** MAS: {@code test_user_repo_find_by_username}. */
    @Test
    void testUserRepoFindByUsername(TestStorage storage) {
        RepositorySession repo = storage.open();
        User alice = await(repo.user().add(storage.clock(), storage.random(), "Alice"));
        User bob1 = await(repo.user().add(storage.clock(), storage.random(), "Bob"));
        User bob2 = await(repo.user().add(storage.clock(), storage.random(), "BOB"));

        // One case-insensitive match is found.
        assertThat(await(repo.user().findByUsername("alice"))).isEqualTo(alice);

        // Several: the exact spelling wins…
        assertThat(await(repo.user().findByUsername("Bob"))).isEqualTo(bob1);
        assertThat(await(repo.user().findByUsername("BOB"))).isEqualTo(bob2);

        // …and without one, nothing.
        assertThat(await(repo.user().findByUsername("bob"))).isNull();
    }

    /** MAS: {@code test_user_email_repo}. */
    @Test
    void testUserEmailRepo(TestStorage storage) {
        String email = "john@example.com";
        // Stored as given, found whatever the case.
        String uppercaseEmail = "JOHN@EXAMPLE.COM";
        RepositorySession repo = storage.open();
        var clock = storage.clock();
        var rng = storage.random();

        User user = await(repo.user().add(clock, rng, "john"));
        assertThat(await(repo.userEmail().find(user, email))).isNull();

        UserEmailFilter all = UserEmailFilter.all().user(user);
        assertThat(await(repo.userEmail().count(all))).isZero();

        UserEmail userEmail = await(repo.userEmail().add(clock, rng, user, uppercaseEmail));
        assertThat(userEmail.userId()).isEqualTo(user.id());
        assertThat(userEmail.email()).isEqualTo(uppercaseEmail);
        assertThat(await(repo.userEmail().count(all))).isEqualTo(1);
        assertThat(await(repo.userEmail().find(user, email))).isNotNull();

        userEmail = await(repo.userEmail().lookup(userEmail.id()));
        assertThat(userEmail).as("the user email exists").isNotNull();
        assertThat(userEmail.userId()).isEqualTo(user.id());
        assertThat(userEmail.email()).isEqualTo(uppercaseEmail);

        Page<UserEmail> emails = await(repo.userEmail().list(all, Pagination.first(10)));
        assertThat(emails.hasNextPage()).isFalse();
        assertThat(emails.edges()).hasSize(1);
        assertThat(emails.items().getFirst()).isEqualTo(userEmail);

        emails = await(repo.userEmail().list(all.email(email), Pagination.first(10)));
        assertThat(emails.hasNextPage()).isFalse();
        assertThat(emails.edges()).hasSize(1);
        assertThat(emails.items().getFirst()).isEqualTo(userEmail);

        emails = await(repo.userEmail().list(all.email("hello@example.com"), Pagination.first(10)));
        assertThat(emails.hasNextPage()).isFalse();
        assertThat(emails.edges()).isEmpty();

        assertThat(await(repo.userEmail().count(all.email(email)))).isEqualTo(1);
        assertThat(await(repo.userEmail().count(all.email("hello@example.com")))).isZero();

        await(repo.userEmail().remove(userEmail));
        assertThat(await(repo.userEmail().count(all))).isZero();

        for (int i = 0; i < 5; i++) {
            await(repo.userEmail().add(clock, rng, user, "email" + i + "@example.com"));
        }
        assertThat(await(repo.userEmail().count(all))).isEqualTo(5);

        assertThat(await(repo.userEmail().removeBulk(all))).isEqualTo(5);
        assertThat(await(repo.userEmail().count(all))).isZero();

        await(repo.save());
    }

    /** MAS: {@code test_user_email_repo_authentications}. */
    @Test
    void testUserEmailRepoAuthentications(TestStorage storage) {
        RepositorySession repo = storage.open();
        var clock = storage.clock();
        var rng = storage.random();

        User user = await(repo.user().add(clock, rng, "alice"));
        BrowserSession browserSession = await(repo.browserSession().add(clock, rng, user, Optional.empty()));

        UserEmailAuthentication authentication = await(repo.userEmail()
                .addAuthenticationForSession(clock, rng, "alice@example.com", browserSession));
        assertThat(authentication.email()).isEqualTo("alice@example.com");
        assertThat(authentication.userSessionId()).contains(browserSession.id());
        assertThat(authentication.createdAt()).isEqualTo(clock.now());
        assertThat(authentication.completedAt()).isEmpty();

        UserEmailAuthentication lookup = await(repo.userEmail().lookupAuthentication(authentication.id()));
        assertThat(lookup.id()).isEqualTo(authentication.id());
        assertThat(lookup.email()).isEqualTo("alice@example.com");
        assertThat(lookup.userSessionId()).contains(browserSession.id());
        assertThat(lookup.createdAt()).isEqualTo(clock.now());
        assertThat(lookup.completedAt()).isEmpty();

        UserEmailAuthenticationCode code = await(repo.userEmail()
                .addAuthenticationCode(clock, rng, Duration.ofMinutes(5), authentication, "123456"));
        assertThat(code.code()).isEqualTo("123456");
        assertThat(code.createdAt()).isEqualTo(clock.now());
        assertThat(code.expiresAt()).isEqualTo(clock.now().plus(Duration.ofMinutes(5)));

        UserEmailAuthenticationCode codeLookup =
                await(repo.userEmail().findAuthenticationCode(authentication, "123456"));
        assertThat(codeLookup.id()).isEqualTo(code.id());
        assertThat(codeLookup.code()).isEqualTo("123456");
        assertThat(codeLookup.createdAt()).isEqualTo(clock.now());
        assertThat(codeLookup.expiresAt()).isEqualTo(clock.now().plus(Duration.ofMinutes(5)));

        UserEmailAuthentication completed =
                await(repo.userEmail().completeAuthenticationWithCode(clock, authentication, code));
        assertThat(completed.id()).isEqualTo(authentication.id());
        assertThat(completed.email()).isEqualTo("alice@example.com");
        assertThat(completed.userSessionId()).contains(browserSession.id());
        assertThat(completed.createdAt()).isEqualTo(clock.now());
        assertThat(completed.completedAt()).contains(clock.now());

        lookup = await(repo.userEmail().lookupAuthentication(completed.id()));
        assertThat(lookup.id()).isEqualTo(completed.id());
        assertThat(lookup.email()).isEqualTo("alice@example.com");
        assertThat(lookup.userSessionId()).contains(browserSession.id());
        assertThat(lookup.createdAt()).isEqualTo(clock.now());
        assertThat(lookup.completedAt()).contains(clock.now());

        // Completing a second time fails (MAS: an error; authstore: the typed one).
        assertThatThrownBy(() -> await(repo.userEmail().completeAuthenticationWithCode(clock, completed, code)))
                .isInstanceOf(InvalidTransitionException.class);
    }

    /** MAS: {@code test_user_password_repo}. */
    @Test
    void testUserPasswordRepo(TestStorage storage) {
        String firstPasswordHash = "doesntmatter";
        String secondPasswordHash = "alsodoesntmatter";
        RepositorySession repo = storage.open();
        var clock = storage.clock();
        var rng = storage.random();

        User user = await(repo.user().add(clock, rng, "john"));
        assertThat(await(repo.userPassword().active(user))).isNull();

        Password firstPassword =
                await(repo.userPassword().add(clock, rng, user, 1, firstPasswordHash, Optional.empty()));
        Password firstPasswordLookup = await(repo.userPassword().active(user));
        assertThat(firstPasswordLookup).as("the user has an active password").isNotNull();
        assertThat(firstPasswordLookup.id()).isEqualTo(firstPassword.id());
        assertThat(firstPasswordLookup.hashedPassword()).isEqualTo(firstPasswordHash);
        assertThat(firstPasswordLookup.version()).isEqualTo(1);
        assertThat(firstPasswordLookup.upgradedFromId()).isEmpty();

        // The active password is the newest by time, so the clock moves on.
        clock.advance(Duration.ofSeconds(10));

        Password secondPassword =
                await(repo.userPassword().add(clock, rng, user, 2, secondPasswordHash, Optional.of(firstPassword)));
        Password secondPasswordLookup = await(repo.userPassword().active(user));
        assertThat(secondPasswordLookup).as("the user has an active password").isNotNull();
        assertThat(secondPasswordLookup.id()).isEqualTo(secondPassword.id());
        assertThat(secondPasswordLookup.hashedPassword()).isEqualTo(secondPasswordHash);
        assertThat(secondPasswordLookup.version()).isEqualTo(2);
        assertThat(secondPasswordLookup.upgradedFromId()).contains(firstPassword.id());

        await(repo.save());
    }

    /**
     * MAS: {@code test_user_session}, up to its check of the filter on upstream authorization sessions, which is
     * {@link #testUserSessionLinkedToUpstreamSessions}.
     */
    @Test
    void testUserSession(TestStorage storage) {
        RepositorySession repo = storage.open();
        var clock = storage.clock();
        var rng = storage.random();

        User alice = await(repo.user().add(clock, rng, "alice"));
        User bob = await(repo.user().add(clock, rng, "bob"));

        BrowserSessionFilter all = BrowserSessionFilter.all();
        BrowserSessionFilter active = all.active();
        BrowserSessionFilter finished = all.finished();
        assertSessionCounts(repo, all, 0, active, 0, finished, 0);

        BrowserSession session = await(repo.browserSession().add(clock, rng, alice, Optional.empty()));
        assertThat(session.user().id()).isEqualTo(alice.id());
        assertThat(session.finishedAt()).isEmpty();
        assertSessionCounts(repo, all, 1, active, 1, finished, 0);

        Page<BrowserSession> sessionList = await(repo.browserSession().list(active, Pagination.first(10)));
        assertThat(sessionList.hasNextPage()).isFalse();
        assertThat(sessionList.edges()).hasSize(1);
        assertThat(sessionList.items().getFirst()).isEqualTo(session);

        BrowserSession sessionLookup = await(repo.browserSession().lookup(session.id()));
        assertThat(sessionLookup).as("the user session exists").isNotNull();
        assertThat(sessionLookup.id()).isEqualTo(session.id());
        assertThat(sessionLookup.user().id()).isEqualTo(alice.id());
        assertThat(sessionLookup.finishedAt()).isEmpty();

        await(repo.browserSession().finish(clock, sessionLookup));
        assertSessionCounts(repo, all, 1, active, 0, finished, 1);

        sessionList = await(repo.browserSession().list(active, Pagination.first(10)));
        assertThat(sessionList.hasNextPage()).isFalse();
        assertThat(sessionList.edges()).isEmpty();

        sessionLookup = await(repo.browserSession().lookup(session.id()));
        assertThat(sessionLookup).as("the user session exists").isNotNull();
        assertThat(sessionLookup.id()).isEqualTo(session.id());
        assertThat(sessionLookup.user().id()).isEqualTo(alice.id());
        assertThat(sessionLookup.finishedAt()).isPresent();

        for (int i = 0; i < 5; i++) {
            for (User user : new User[] {alice, bob}) {
                await(repo.browserSession().add(clock, rng, user, Optional.empty()));
            }
        }

        BrowserSessionFilter allAlice = BrowserSessionFilter.all().user(alice);
        BrowserSessionFilter activeAlice = BrowserSessionFilter.all().user(alice).active();
        BrowserSessionFilter allBob = BrowserSessionFilter.all().user(bob);
        BrowserSessionFilter activeBob = BrowserSessionFilter.all().user(bob).active();
        assertSessionCounts(repo, all, 11, active, 10, finished, 1, allAlice, 6, activeAlice, 5, allBob, 5,
                activeBob, 5);

        assertThat(await(repo.browserSession().finishBulk(clock, activeAlice))).isEqualTo(5);
        assertSessionCounts(repo, allAlice, 6, activeAlice, 0, finished, 6);

        assertThat(await(repo.browserSession().finishBulk(clock, activeBob))).isEqualTo(5);
        assertSessionCounts(repo, allBob, 5, activeBob, 0, finished, 11);
    }

    /**
     * MAS: the second half of {@code test_user_session}: a browser session authenticated through an upstream
     * authorization session is listed, counted and finished in bulk by
     * {@code BrowserSessionFilter::linked_to_upstream_sessions_only(UpstreamOAuthSessionFilter::new())}.
     */
    @Test
    void testUserSessionLinkedToUpstreamSessions(TestStorage storage) {
        RepositorySession repo = storage.open();
        var clock = storage.clock();
        var rng = storage.random();
        // The setup before this half of MAS's test, abbreviated: alice and a browser session of hers.
        User alice = await(repo.user().add(clock, rng, "alice"));
        await(repo.browserSession().add(clock, rng, alice, Optional.empty()));

        // A provider, with discovery and PKCE disabled.
        UpstreamOAuthProvider provider = await(repo.upstreamOAuthProvider().add(clock, rng,
                UpstreamOAuthProviderParams.builder("client", "openid", UpstreamOAuthProvider.TokenAuthMethod.NONE)
                        .discoveryMode(UpstreamOAuthProvider.DiscoveryMode.DISABLED)
                        .pkceMode(UpstreamOAuthProvider.PkceMode.DISABLED)
                        .build()));
        UpstreamOAuthAuthorizationSession upstreamOAuthSession = await(repo.upstreamOAuthSession()
                .add(clock, rng, provider, "state", Optional.empty(), Optional.empty()));

        // A browser session of alice, authenticated by that authorization session.
        BrowserSession session = await(repo.browserSession().add(clock, rng, alice, Optional.empty()));
        await(repo.browserSession().authenticateWithUpstream(clock, rng, session, upstreamOAuthSession.id()));

        // Every authorization session, which is exactly that one.
        BrowserSessionFilter filter =
                BrowserSessionFilter.all().linkedToUpstreamSessions(UpstreamOAuthSessionFilter.all());

        Page<BrowserSession> page = await(repo.browserSession().list(filter, Pagination.first(10)));
        assertThat(page.edges()).hasSize(1);
        assertThat(page.edges().get(0).node().id()).isEqualTo(session.id());

        assertThat(await(repo.browserSession().count(filter))).isEqualTo(1);

        assertThat(await(repo.browserSession().finishBulk(clock, filter))).isEqualTo(1);

        BrowserSession lookup = await(repo.browserSession().lookup(session.id()));
        assertThat(lookup).as("the session exists").isNotNull();
        assertThat(lookup.finishedAt()).isPresent();
        await(repo.save());
    }

    private static void assertSessionCounts(RepositorySession repo, Object... filtersAndCounts) {
        for (int i = 0; i < filtersAndCounts.length; i += 2) {
            BrowserSessionFilter filter = (BrowserSessionFilter) filtersAndCounts[i];
            assertThat(await(repo.browserSession().count(filter))).as("count(%s)", filter)
                    .isEqualTo(((Integer) filtersAndCounts[i + 1]).longValue());
        }
    }

    /** MAS: {@code test_user_terms}. */
    @Test
    void testUserTerms(TestStorage storage) {
        RepositorySession repo = storage.open();
        var clock = storage.clock();
        var rng = storage.random();

        User user = await(repo.user().add(clock, rng, "john"));

        await(repo.userTerms().acceptTerms(clock, rng, user, "https://example.com/terms"));
        // Accepting the same terms again succeeds…
        await(repo.userTerms().acceptTerms(clock, rng, user, "https://example.com/terms"));
        // …as does accepting others.
        await(repo.userTerms().acceptTerms(clock, rng, user, "https://example.com/terms?v=2"));

        // MAS counts on the session's own connection; the test's SQL connection sees the rows once saved.
        await(repo.save());
        assertThat(storage.sql().fetchCount(USER_TERMS)).as("the repeat was not stored twice").isEqualTo(2);
    }

    /** MAS: {@code test_list_browser_sessions_by_created_at}. */
    @Test
    void testListBrowserSessionsByCreatedAt(TestStorage storage) {
        RepositorySession repo = storage.open();
        var clock = storage.clock();
        var rng = storage.random();

        User user = await(repo.user().add(clock, rng, "alice"));

        // Three sessions a minute apart; the cutoff falls between the second and the third.
        BrowserSession session1 = await(repo.browserSession().add(clock, rng, user, Optional.empty()));
        clock.advance(Duration.ofMinutes(1));
        BrowserSession session2 = await(repo.browserSession().add(clock, rng, user, Optional.empty()));
        clock.advance(Duration.ofMinutes(1));
        Instant cutoff = clock.now();
        clock.advance(Duration.ofMinutes(1));
        BrowserSession session3 = await(repo.browserSession().add(clock, rng, user, Optional.empty()));

        Pagination pagination = Pagination.first(10);

        BrowserSessionFilter filter = BrowserSessionFilter.all().createdBefore(cutoff);
        Page<BrowserSession> list = await(repo.browserSession().list(filter, pagination));
        assertThat(list.edges()).hasSize(2);
        assertThat(list.items().get(0)).isEqualTo(session1);
        assertThat(list.items().get(1)).isEqualTo(session2);
        assertThat(await(repo.browserSession().count(filter))).isEqualTo(2);

        filter = BrowserSessionFilter.all().createdAfter(cutoff);
        list = await(repo.browserSession().list(filter, pagination));
        assertThat(list.edges()).hasSize(1);
        assertThat(list.items().getFirst()).isEqualTo(session3);
        assertThat(await(repo.browserSession().count(filter))).isEqualTo(1);
    }
}
