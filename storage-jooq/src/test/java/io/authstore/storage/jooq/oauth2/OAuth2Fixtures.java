package io.authstore.storage.jooq.oauth2;

import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.oauth2.AccessToken;
import io.authstore.storage.oauth2.GrantType;
import io.authstore.storage.oauth2.OAuth2Client;
import io.authstore.storage.oauth2.OAuth2ClientMetadata;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.Scope;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import java.time.Duration;
import java.util.Optional;

/**
 * Rows the OAuth 2.0 tests need, each written in a saved session of its own, one second after the previous one on
 * the frozen clock (so ids and timestamps order as the test wrote them).
 */
final class OAuth2Fixtures {

    private OAuth2Fixtures() {}

    static User user(TestStorage storage, String username) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(s -> s.user().add(storage.clock(), storage.random(), username));
    }

    static BrowserSession browserSession(TestStorage storage, User user) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(s -> s.browserSession().add(storage.clock(), storage.random(), user, Optional.empty()));
    }

    static OAuth2Client client(TestStorage storage, String name) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(s -> s.oauth2Client().add(storage.clock(), storage.random(), OAuth2ClientMetadata.builder()
                .redirectUris("https://" + name + ".example.com/redirect")
                .grantTypes(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN)
                .clientName(name)
                .clientUri("https://" + name + ".example.com/")
                .build()));
    }

    static OAuth2Session session(TestStorage storage, OAuth2Client client, BrowserSession browserSession,
            Scope scope) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(s -> s.oauth2Session()
                .addFromBrowserSession(storage.clock(), storage.random(), client, browserSession, scope));
    }

    /** A session of a new client for a new user "alice". */
    static OAuth2Session session(TestStorage storage) {
        User alice = user(storage, "alice");
        return session(storage, client(storage, "app"), browserSession(storage, alice), Scope.of(Scope.OPENID));
    }

    static AccessToken accessToken(TestStorage storage, OAuth2Session session, String token,
            Optional<Duration> lifetime) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(s -> s.oauth2AccessToken()
                .add(storage.clock(), storage.random(), session, token, lifetime));
    }
}
