package io.authstore.storage.jooq.app;

import static io.authstore.storage.jooq.testing.TestStorage.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.app.AppSession;
import io.authstore.storage.app.AppSessionFilter;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.oauth2.Devices;
import io.authstore.storage.oauth2.GrantType;
import io.authstore.storage.oauth2.OAuth2Client;
import io.authstore.storage.oauth2.OAuth2ClientMetadata;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.Scope;
import io.authstore.storage.users.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MAS's app-session tests (crates/storage-pg/src/app_session.rs), ported. */
@ExtendWith(StorageExtension.class)
class MasAppSessionTests {

    private RepositorySession repo;

    @AfterEach
    void cancel() {
        if (repo != null) {
            repo.cancel().block(TestStorage.TIMEOUT);
        }
    }

    private static OAuth2ClientMetadata client(String name) {
        return OAuth2ClientMetadata.builder()
                .redirectUris("https://example.com/redirect")
                .grantTypes(GrantType.AUTHORIZATION_CODE)
                .clientName(name)
                .logoUri("https://example.com/logo.png")
                .clientUri("https://example.com/")
                .policyUri("https://example.com/policy")
                .tosUri("https://example.com/tos")
                .jwksUri("https://example.com/jwks.json")
                .initiateLoginUri("https://example.com/login")
                .build();
    }

    private void assertCounts(AppSessionFilter all, long total, long active, long finished) {
        assertThat(await(repo.appSession().count(all))).isEqualTo(total);
        assertThat(await(repo.appSession().count(all.active()))).isEqualTo(active);
        assertThat(await(repo.appSession().count(all.finished()))).isEqualTo(finished);
    }

    private List<AppSession> list(AppSessionFilter filter) {
        Page<AppSession> page = await(repo.appSession().list(filter, Pagination.first(10)));
        return page.items();
    }

    // MAS: test_app_repo
    @Test
    void testAppRepo(TestStorage storage) {
        var clock = storage.clock();
        var rng = storage.random();
        repo = storage.factory().open().block(TestStorage.TIMEOUT);

        // The user whose sessions are listed
        User user = await(repo.user().add(clock, rng, "john"));
        AppSessionFilter all = AppSessionFilter.all().user(user);
        AppSessionFilter active = all.active();
        AppSessionFilter finished = all.finished();

        assertCounts(all, 0, 0, 0);
        assertThat(list(all)).isEmpty();
        assertThat(list(active)).isEmpty();
        assertThat(list(finished)).isEmpty();

        // A compatibility session of john
        String device = "ZQpVyJIAzM";
        var compatSession = new AppSession.Compat(await(repo.compatSession()
                .add(clock, rng, user, device, Optional.empty(), false, Optional.empty())));
        assertCounts(all, 1, 1, 0);
        assertThat(list(all)).containsExactly(compatSession);
        assertThat(list(active)).containsExactly(compatSession);
        assertThat(list(finished)).isEmpty();

        // It ends
        compatSession = new AppSession.Compat(await(repo.compatSession().finish(clock, compatSession.session())));
        assertCounts(all, 1, 0, 1);
        assertThat(list(all)).containsExactly(compatSession);
        assertThat(list(active)).isEmpty();
        assertThat(list(finished)).containsExactly(compatSession);

        OAuth2Client client = await(repo.oauth2Client().add(clock, rng, client("First client")));
        String device2 = "kq4TvLf5Qx";
        List<String> tokens = new ArrayList<>(List.of(Scope.OPENID));
        tokens.addAll(Devices.scopeTokens(device2).orElseThrow());
        Scope scope = Scope.of(tokens);

        clock.advance(Duration.ofMinutes(1));
        OAuth2Session oauthSession = await(repo.oauth2Session().add(clock, rng, client, Optional.of(user),
                Optional.empty(), scope));

        assertCounts(all, 2, 1, 1);
        assertThat(list(all)).containsExactly(compatSession, new AppSession.OAuth2(oauthSession));
        assertThat(list(active)).containsExactly(new AppSession.OAuth2(oauthSession));
        assertThat(list(finished)).containsExactly(compatSession);

        oauthSession = await(repo.oauth2Session().finish(clock, oauthSession));
        assertCounts(all, 2, 0, 2);
        assertThat(list(all)).containsExactly(compatSession, new AppSession.OAuth2(oauthSession));
        assertThat(list(active)).isEmpty();
        assertThat(list(finished)).containsExactly(compatSession, new AppSession.OAuth2(oauthSession));

        AppSessionFilter byDevice = AppSessionFilter.all().device(device);
        assertThat(await(repo.appSession().count(byDevice))).isEqualTo(1);
        assertThat(list(byDevice)).containsExactly(compatSession);

        AppSessionFilter byDevice2 = AppSessionFilter.all().device(device2);
        assertThat(await(repo.appSession().count(byDevice2))).isEqualTo(1);
        assertThat(list(byDevice2)).containsExactly(new AppSession.OAuth2(oauthSession));

        User user2 = await(repo.user().add(clock, rng, "alice"));
        AppSessionFilter forUser2 = AppSessionFilter.all().user(user2);
        assertThat(await(repo.appSession().count(forUser2))).isZero();
        assertThat(list(forUser2)).isEmpty();
    }

    // MAS: test_list_app_sessions_by_created_at
    @Test
    void testListAppSessionsByCreatedAt(TestStorage storage) {
        var clock = storage.clock();
        var rng = storage.random();
        repo = storage.factory().open().block(TestStorage.TIMEOUT);

        User user = await(repo.user().add(clock, rng, "alice"));

        // A compatibility session, created before the cutoff
        var compatSession = new AppSession.Compat(await(repo.compatSession()
                .add(clock, rng, user, "ZQpVyJIAzM", Optional.empty(), false, Optional.empty())));
        clock.advance(Duration.ofMinutes(1));
        Instant cutoff = clock.now();
        clock.advance(Duration.ofMinutes(1));

        OAuth2Client client = await(repo.oauth2Client().add(clock, rng, client("Test client")));
        OAuth2Session oauthSession = await(repo.oauth2Session().add(clock, rng, client, Optional.of(user),
                Optional.empty(), Scope.of(Scope.OPENID)));

        AppSessionFilter before = AppSessionFilter.all().createdBefore(cutoff);
        assertThat(list(before)).containsExactly(compatSession);
        assertThat(await(repo.appSession().count(before))).isEqualTo(1);

        AppSessionFilter after = AppSessionFilter.all().createdAfter(cutoff);
        assertThat(list(after)).containsExactly(new AppSession.OAuth2(oauthSession));
        assertThat(await(repo.appSession().count(after))).isEqualTo(1);
    }
}
