package io.authstore.storage.jooq.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.SessionState;
import io.authstore.storage.app.AppSession;
import io.authstore.storage.app.AppSessionFilter;
import io.authstore.storage.compat.CompatSession;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.oauth2.Devices;
import io.authstore.storage.oauth2.GrantType;
import io.authstore.storage.oauth2.OAuth2Client;
import io.authstore.storage.oauth2.OAuth2ClientMetadata;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.Scope;
import io.authstore.storage.users.ActivityRecord;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StorageExtension.class)
class AppSessionRepositoryTest {

    private static User user(TestStorage storage, String name) {
        return storage.saved(s -> s.user().add(storage.clock(), storage.random(), name));
    }

    private static OAuth2Client client(TestStorage storage) {
        return storage.saved(s -> s.oauth2Client().add(storage.clock(), storage.random(),
                OAuth2ClientMetadata.builder().grantTypes(GrantType.AUTHORIZATION_CODE).build()));
    }

    private static OAuth2Session oauth2(TestStorage storage, OAuth2Client client, User user, Scope scope,
            Optional<BrowserSession> browser) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(s -> s.oauth2Session().add(storage.clock(), storage.random(), client,
                Optional.of(user), browser, scope));
    }

    private static AppSession.Compat compat(TestStorage storage, User user, String device) {
        return compat(storage, user, device, Optional.empty());
    }

    private static AppSession.Compat compat(TestStorage storage, User user, String device,
            Optional<BrowserSession> browser) {
        storage.clock().advance(Duration.ofSeconds(1));
        return new AppSession.Compat(storage.saved(s -> s.compatSession().add(storage.clock(), storage.random(),
                user, device, browser, false, Optional.empty())));
    }

    private static List<AppSession> list(TestStorage storage, AppSessionFilter filter, Pagination pagination) {
        return storage.<Page<AppSession>>read(s -> s.appSession().list(filter, pagination)).items();
    }

    @Test
    void bothKindsInterleaveInIdOrderAndPaginateBothWays(TestStorage storage) {
        User alice = user(storage, "alice");
        OAuth2Client client = client(storage);
        List<AppSession> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sessions.add(compat(storage, alice, "DEV" + i));
            sessions.add(new AppSession.OAuth2(oauth2(storage, client, alice, Scope.of("openid"), Optional.empty())));
        }

        Page<AppSession> first = storage.read(s -> s.appSession().list(AppSessionFilter.all(), Pagination.first(4)));
        assertThat(first.items()).containsExactlyElementsOf(sessions.subList(0, 4));
        assertThat(first.hasNextPage()).isTrue();
        Page<AppSession> rest = storage.read(s -> s.appSession().list(AppSessionFilter.all(),
                Pagination.first(4).after(first.endCursor().orElseThrow())));
        assertThat(rest.items()).containsExactlyElementsOf(sessions.subList(4, 6));
        assertThat(rest.hasNextPage()).isFalse();
        Page<AppSession> last = storage.read(s -> s.appSession().list(AppSessionFilter.all(),
                Pagination.last(2).before(rest.startCursor().orElseThrow())));
        assertThat(last.items()).containsExactlyElementsOf(sessions.subList(2, 4));
        assertThat(last.hasPreviousPage()).isTrue();
        assertThat(storage.<Long>read(s -> s.appSession().count(AppSessionFilter.all()))).isEqualTo(6);
    }

    @Test
    void browserSessionAndActivityFiltersApplyToBothKinds(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession browser = storage.saved(s -> s.browserSession().add(storage.clock(), storage.random(), alice,
                Optional.empty()));
        OAuth2Client client = client(storage);
        AppSession.Compat compatWithBrowser = compat(storage, alice, "DEV1", Optional.of(browser));
        Instant compatActiveAt = storage.clock().now().plusSeconds(100);
        storage.saved(s -> s.compatSession().recordBatchActivity(List.of(
                new ActivityRecord(compatWithBrowser.id(), compatActiveAt, Optional.empty()))));
        AppSession.Compat compatStored = new AppSession.Compat(new CompatSession(compatWithBrowser.id(), alice.id(),
                Optional.of("DEV1"), Optional.of(browser.id()), false, compatWithBrowser.session().createdAt(),
                SessionState.ACTIVE, Optional.empty(), Optional.empty(), Optional.of(compatActiveAt),
                Optional.empty()));
        OAuth2Session withBrowser = oauth2(storage, client, alice, Scope.of("openid"), Optional.of(browser));
        OAuth2Session without = oauth2(storage, client, alice, Scope.of("openid"), Optional.empty());
        Instant t = storage.clock().now();
        storage.saved(s -> s.oauth2Session().recordBatchActivity(List.of(
                new ActivityRecord(without.id(), t.plusSeconds(300), Optional.empty()))));
        OAuth2Session withoutStored = storage.read(s -> s.oauth2Session().lookup(without.id()));

        assertThat(list(storage, AppSessionFilter.all().browserSession(browser), Pagination.first(10)))
                .containsExactly(compatStored, new AppSession.OAuth2(withBrowser));
        assertThat(list(storage, AppSessionFilter.all().lastActiveAfter(t.plusSeconds(50)), Pagination.first(10)))
                .containsExactly(compatStored, new AppSession.OAuth2(withoutStored));
        assertThat(list(storage, AppSessionFilter.all().lastActiveBefore(t.plusSeconds(200)), Pagination.first(10)))
                .containsExactly(compatStored);
        assertThat(storage.<Long>read(s -> s.appSession().count(AppSessionFilter.all().browserSession(browser)
                .active()))).isEqualTo(2);
        assertThatThrownBy(() -> storage.read(s -> s.appSession().count(AppSessionFilter.all().device("a\0"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void finishSessionsToReplaceDeviceFinishesOnlyThatUsersActiveSessionsOfTheDevice(TestStorage storage) {
        User alice = user(storage, "alice");
        User bob = user(storage, "bob");
        OAuth2Client client = client(storage);
        String device = "DEVICEXYZ";
        List<String> tokens = Devices.scopeTokens(device).orElseThrow();
        AppSession.Compat aliceCompat = compat(storage, alice, device);
        AppSession.Compat bobCompat = compat(storage, bob, device);
        AppSession.Compat aliceOtherDevice = compat(storage, alice, "OTHER");
        OAuth2Session aliceStable = oauth2(storage, client, alice, Scope.of("openid", tokens.get(0)),
                Optional.empty());
        OAuth2Session aliceUnstable = oauth2(storage, client, alice, Scope.of(tokens.get(1)), Optional.empty());
        OAuth2Session bobOAuth = oauth2(storage, client, bob, Scope.of(tokens.get(0)), Optional.empty());
        storage.clock().advance(Duration.ofMinutes(1));

        assertThat(storage.<Boolean>saved(s -> s.appSession().finishSessionsToReplaceDevice(storage.clock(), alice,
                device))).isTrue();
        Instant now = storage.clock().now();
        assertThat(storage.<Long>read(s -> s.appSession().count(AppSessionFilter.all().user(alice).finished())))
                .isEqualTo(3);
        assertThat(list(storage, AppSessionFilter.all().user(alice).active(), Pagination.first(10)))
                .containsExactly(aliceOtherDevice);
        assertThat(storage.<OAuth2Session>read(s -> s.oauth2Session().lookup(aliceStable.id())).finishedAt())
                .contains(now);
        assertThat(storage.<OAuth2Session>read(s -> s.oauth2Session().lookup(aliceUnstable.id())).finishedAt())
                .contains(now);
        assertThat(list(storage, AppSessionFilter.all().user(bob).active(), Pagination.first(10)))
                .containsExactly(bobCompat, new AppSession.OAuth2(bobOAuth));
        assertThat(list(storage, AppSessionFilter.all().user(alice).device(device), Pagination.first(10)))
                .hasSize(3)
                .first().isEqualTo(new AppSession.Compat(aliceCompat.session().finish(now)));

        assertThat(storage.<Boolean>saved(s -> s.appSession().finishSessionsToReplaceDevice(storage.clock(), alice,
                device))).as("nothing left to finish").isFalse();
        assertThat(storage.<Boolean>saved(s -> s.appSession().finishSessionsToReplaceDevice(storage.clock(), alice,
                "not a scope token"))).isFalse();
    }
}
