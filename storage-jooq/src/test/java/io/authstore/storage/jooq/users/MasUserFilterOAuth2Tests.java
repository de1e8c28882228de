package io.authstore.storage.jooq.users;

import static io.authstore.storage.jooq.testing.TestStorage.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.oauth2.GrantType;
import io.authstore.storage.oauth2.OAuth2Client;
import io.authstore.storage.oauth2.OAuth2ClientMetadata;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.Scope;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserFilter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MAS's tests of the user filters on OAuth 2.0 sessions (crates/storage-pg/src/user/tests.rs), in one unit of work. */
@ExtendWith(StorageExtension.class)
class MasUserFilterOAuth2Tests {

    private static OAuth2Client client(RepositorySession repo, TestStorage storage, String host) {
        return await(repo.oauth2Client().add(storage.clock(), storage.random(), OAuth2ClientMetadata.builder()
                .redirectUris("https://" + host + "/redirect")
                .grantTypes(GrantType.AUTHORIZATION_CODE)
                .build()));
    }

    private static List<Ulid> ids(Page<User> page) {
        return page.items().stream().map(User::id).toList();
    }

    // MAS: test_user_filter_active_oauth2_session_for_any_of_clients
    @Test
    void testUserFilterActiveOauth2SessionForAnyOfClients(TestStorage storage) {
        RepositorySession repo = storage.factory().open().block(TestStorage.TIMEOUT);
        var clock = storage.clock();
        var rng = storage.random();

        User userA = await(repo.user().add(clock, rng, "alice"));
        User userB = await(repo.user().add(clock, rng, "bob"));
        User userC = await(repo.user().add(clock, rng, "carol"));
        BrowserSession sessionA = await(repo.browserSession().add(clock, rng, userA, Optional.empty()));
        BrowserSession sessionB = await(repo.browserSession().add(clock, rng, userB, Optional.empty()));
        BrowserSession sessionC = await(repo.browserSession().add(clock, rng, userC, Optional.empty()));

        OAuth2Client clientX = client(repo, storage, "x.example.com");
        OAuth2Client clientY = client(repo, storage, "y.example.com");
        OAuth2Client clientZ = client(repo, storage, "z.example.com");
        Scope scope = Scope.of(Scope.OPENID);

        await(repo.oauth2Session().addFromBrowserSession(clock, rng, clientX, sessionA, scope));
        OAuth2Session sessionBxFinished = await(repo.oauth2Session().addFromBrowserSession(clock, rng, clientX,
                sessionB, scope));
        await(repo.oauth2Session().finish(clock, sessionBxFinished));
        await(repo.oauth2Session().addFromBrowserSession(clock, rng, clientY, sessionB, scope));
        await(repo.oauth2Session().addFromBrowserSession(clock, rng, clientZ, sessionC, scope));

        UserFilter filter = UserFilter.all().activeOAuth2SessionForAnyOfClients(List.of(clientX.id(), clientY.id()));
        assertThat(await(repo.user().count(filter))).isEqualTo(2);
        List<Ulid> ids = ids(await(repo.user().list(filter, Pagination.first(10))));
        assertThat(ids).contains(userA.id());
        assertThat(ids).contains(userB.id());
        assertThat(ids).doesNotContain(userC.id());

        filter = UserFilter.all().activeOAuth2SessionForAnyOfClients(List.of(clientZ.id()));
        assertThat(await(repo.user().count(filter))).isEqualTo(1);
        Page<User> page = await(repo.user().list(filter, Pagination.first(10)));
        assertThat(page.edges()).hasSize(1);
        assertThat(page.items().getFirst().id()).isEqualTo(userC.id());

        filter = UserFilter.all().activeOAuth2SessionForAnyOfClients(List.of(clientX.id()));
        assertThat(await(repo.user().count(filter))).isEqualTo(1);
        page = await(repo.user().list(filter, Pagination.first(10)));
        assertThat(page.edges()).hasSize(1);
        assertThat(page.items().getFirst().id()).isEqualTo(userA.id());

        filter = UserFilter.all().activeOAuth2SessionForAnyOfClients(List.of());
        assertThat(await(repo.user().count(filter))).isZero();

        await(repo.save());
    }

    // MAS: test_user_filter_active_oauth2_session
    @Test
    void testUserFilterActiveOauth2Session(TestStorage storage) {
        RepositorySession repo = storage.factory().open().block(TestStorage.TIMEOUT);
        var clock = storage.clock();
        var rng = storage.random();

        User alice = await(repo.user().add(clock, rng, "alice"));
        User bob = await(repo.user().add(clock, rng, "bob"));
        User carol = await(repo.user().add(clock, rng, "carol"));
        BrowserSession aliceBrowser = await(repo.browserSession().add(clock, rng, alice, Optional.empty()));
        BrowserSession bobBrowser = await(repo.browserSession().add(clock, rng, bob, Optional.empty()));
        OAuth2Client client = client(repo, storage, "example.com");
        Scope scope = Scope.of(Scope.OPENID);

        await(repo.oauth2Session().addFromBrowserSession(clock, rng, client, aliceBrowser, scope));
        OAuth2Session bobSession = await(repo.oauth2Session().addFromBrowserSession(clock, rng, client, bobBrowser,
                scope));
        await(repo.oauth2Session().finish(clock, bobSession));

        UserFilter with = UserFilter.all().activeOAuth2Session(true);
        assertThat(await(repo.user().count(with))).isEqualTo(1);
        Page<User> page = await(repo.user().list(with, Pagination.first(10)));
        assertThat(page.edges()).hasSize(1);
        assertThat(page.items().getFirst().id()).isEqualTo(alice.id());

        UserFilter without = UserFilter.all().activeOAuth2Session(false);
        assertThat(await(repo.user().count(without))).isEqualTo(2);
        List<Ulid> ids = ids(await(repo.user().list(without, Pagination.first(10))));
        assertThat(ids).doesNotContain(alice.id());
        assertThat(ids).contains(bob.id());
        assertThat(ids).contains(carol.id());

        await(repo.save());
    }
}
