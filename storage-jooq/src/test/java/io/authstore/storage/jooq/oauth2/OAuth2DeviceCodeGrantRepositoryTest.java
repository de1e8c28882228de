package io.authstore.storage.jooq.oauth2;

import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.browserSession;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.client;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.session;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.Cleanup;
import io.authstore.storage.ConflictException;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.oauth2.DeviceCodeGrant;
import io.authstore.storage.oauth2.DeviceCodeGrantParams;
import io.authstore.storage.oauth2.OAuth2Client;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.Scope;
import io.authstore.storage.users.BrowserSession;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StorageExtension.class)
class OAuth2DeviceCodeGrantRepositoryTest {

    private static DeviceCodeGrant add(TestStorage storage, OAuth2Client client, String code) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(s -> s.oauth2DeviceCodeGrant().add(storage.clock(), storage.random(),
                new DeviceCodeGrantParams(client, Scope.of("openid"), "device-" + code, "USER-" + code,
                        Duration.ofMinutes(10), Optional.of(InetAddress.ofLiteral("192.0.2.7")),
                        Optional.of("TV/1.0"))));
    }

    private static DeviceCodeGrant lookup(TestStorage storage, DeviceCodeGrant grant) {
        return storage.read(s -> s.oauth2DeviceCodeGrant().lookup(grant.id()));
    }

    @Test
    void addStoresEveryFieldAndBothCodesFindItOrNothing(TestStorage storage) {
        OAuth2Client client = client(storage, "tv");
        DeviceCodeGrant grant = add(storage, client, "1");
        assertThat(grant.expiresAt()).isEqualTo(grant.createdAt().plus(Duration.ofMinutes(10)));
        assertThat(grant.ipAddress()).contains(InetAddress.ofLiteral("192.0.2.7"));
        assertThat(grant.toString()).doesNotContain("device-1").doesNotContain("USER-1");
        assertThat(lookup(storage, grant)).isEqualTo(grant);
        assertThat(storage.<DeviceCodeGrant>read(s -> s.oauth2DeviceCodeGrant().findByDeviceCode("device-1")))
                .isEqualTo(grant);
        assertThat(storage.<DeviceCodeGrant>read(s -> s.oauth2DeviceCodeGrant().findByUserCode("USER-1")))
                .isEqualTo(grant);
        assertThat(storage.<DeviceCodeGrant>read(s -> s.oauth2DeviceCodeGrant().findByUserCode("device-1")))
                .isNull();
        assertThat(storage.<DeviceCodeGrant>read(s -> s.oauth2DeviceCodeGrant().findByDeviceCode("x"))).isNull();
        assertThat(storage.<DeviceCodeGrant>read(s -> s.oauth2DeviceCodeGrant().lookup(Ulid.minAt(Instant.EPOCH))))
                .isNull();
    }

    @Test
    void aTakenDeviceOrUserCodeIsAConflictThatLeavesTheSessionUsable(TestStorage storage) {
        OAuth2Client client = client(storage, "tv");
        add(storage, client, "1");
        DeviceCodeGrant other = storage.saved(s -> s.oauth2DeviceCodeGrant().add(storage.clock(), storage.random(),
                        new DeviceCodeGrantParams(client, Scope.of("openid"), "device-1", "fresh-user-code",
                                Duration.ofMinutes(1), Optional.empty(), Optional.empty()))
                .onErrorResume(ConflictException.class, e -> s.oauth2DeviceCodeGrant().add(storage.clock(),
                        storage.random(), new DeviceCodeGrantParams(client, Scope.of("openid"), "fresh-device",
                                "USER-1", Duration.ofMinutes(1), Optional.empty(), Optional.empty())))
                .onErrorResume(ConflictException.class, e -> s.oauth2DeviceCodeGrant().add(storage.clock(),
                        storage.random(), new DeviceCodeGrantParams(client, Scope.of("openid"), "fresh-device",
                                "fresh-user", Duration.ofMinutes(1), Optional.empty(), Optional.empty()))));
        assertThat(other.userCode()).isEqualTo("fresh-user");
    }

    @Test
    void staleCopiesOfAChangedGrantAreNotAffected(TestStorage storage) {
        OAuth2Client client = client(storage, "tv");
        BrowserSession browser = browserSession(storage, user(storage, "alice"));
        DeviceCodeGrant grant = add(storage, client, "1");
        DeviceCodeGrant rejected = storage.saved(s -> s.oauth2DeviceCodeGrant().reject(storage.clock(), grant,
                browser));
        assertThat(lookup(storage, grant)).isEqualTo(rejected);
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2DeviceCodeGrant().fulfill(storage.clock(), grant,
                browser, Optional.empty()))).isInstanceOf(NotAffectedException.class);
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2DeviceCodeGrant().fulfill(storage.clock(), grant,
                browser, Optional.of("x\0")))).isInstanceOf(IllegalArgumentException.class);

        DeviceCodeGrant second = add(storage, client, "2");
        DeviceCodeGrant fulfilled = storage.saved(s -> s.oauth2DeviceCodeGrant().fulfill(storage.clock(), second,
                browser, Optional.empty()));
        OAuth2Session session = session(storage, client, browser, Scope.of("openid"));
        DeviceCodeGrant exchanged = storage.saved(s -> s.oauth2DeviceCodeGrant().exchange(storage.clock(),
                fulfilled, session));
        assertThat(exchanged.state()).isEqualTo(new DeviceCodeGrant.State.Exchanged(browser.id(),
                ((DeviceCodeGrant.State.Fulfilled) fulfilled.state()).fulfilledAt(), storage.clock().now(),
                session.id()));
        assertThat(lookup(storage, second)).isEqualTo(exchanged);
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2DeviceCodeGrant().exchange(storage.clock(), fulfilled,
                session))).isInstanceOf(NotAffectedException.class);
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2DeviceCodeGrant().reject(storage.clock(), exchanged,
                browser))).isInstanceOf(InvalidTransitionException.class);
    }

    @Test
    void cleanupDeletesGrantsCreatedInTheWindowInBatches(TestStorage storage) {
        OAuth2Client client = client(storage, "tv");
        DeviceCodeGrant a = add(storage, client, "a");
        DeviceCodeGrant b = add(storage, client, "b");
        Instant until = b.createdAt().plusMillis(1);

        Cleanup first = storage.saved(s -> s.oauth2DeviceCodeGrant().cleanup(null, until, 1));
        assertThat(first).isEqualTo(new Cleanup(1, Optional.of(a.createdAt())));
        Cleanup second = storage.saved(s -> s.oauth2DeviceCodeGrant().cleanup(first.resumeFrom().orElseThrow(),
                until, 1));
        assertThat(second).isEqualTo(new Cleanup(1, Optional.of(b.createdAt())));
        assertThat(storage.<Cleanup>saved(s -> s.oauth2DeviceCodeGrant().cleanup(second.resumeFrom().orElseThrow(),
                until, 1))).isEqualTo(Cleanup.NOTHING);
        assertThat(lookup(storage, b)).isNull();
    }
}
