package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS;
import static io.authstore.snapshot.Tables.UPSTREAM_OAUTH_PROVIDERS;
import static io.authstore.storage.jooq.Convert.timestamp;

import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.Password;
import io.authstore.storage.users.User;
import java.time.Duration;
import java.util.Optional;

/**
 * Rows a test of one repository needs from others, each written in a saved session of its own, one second after
 * the previous one on the frozen clock (so that ids and timestamps order as the test wrote them).
 */
final class Fixtures {

    private Fixtures() {}

    static User user(TestStorage storage, String username) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(session -> session.user().add(storage.clock(), storage.random(), username));
    }

    static BrowserSession browserSession(TestStorage storage, User user) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(session -> session.browserSession()
                .add(storage.clock(), storage.random(), user, Optional.of("Firefox")));
    }

    static Password password(TestStorage storage, User user) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(session -> session.userPassword()
                .add(storage.clock(), storage.random(), user, 1, "$argon2id$hash", Optional.empty()));
    }

    /** A provider and an authorization session with it, written directly: their repositories come later. */
    static Ulid upstreamAuthorizationSession(TestStorage storage) {
        Ulid provider = Ulid.generate(storage.clock(), storage.random());
        storage.sql().insertInto(UPSTREAM_OAUTH_PROVIDERS)
                .set(UPSTREAM_OAUTH_PROVIDERS.UPSTREAM_OAUTH_PROVIDER_ID, provider.toUuid())
                .set(UPSTREAM_OAUTH_PROVIDERS.SCOPE, "openid")
                .set(UPSTREAM_OAUTH_PROVIDERS.CLIENT_ID, "client")
                .set(UPSTREAM_OAUTH_PROVIDERS.TOKEN_ENDPOINT_AUTH_METHOD, "none")
                .set(UPSTREAM_OAUTH_PROVIDERS.CREATED_AT, timestamp(storage.clock().now()))
                .execute();
        Ulid session = Ulid.generate(storage.clock(), storage.random());
        storage.sql().insertInto(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS)
                .set(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.UPSTREAM_OAUTH_AUTHORIZATION_SESSION_ID, session.toUuid())
                .set(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.UPSTREAM_OAUTH_PROVIDER_ID, provider.toUuid())
                .set(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.STATE, "state-" + session)
                .set(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.CREATED_AT, timestamp(storage.clock().now()))
                .execute();
        return session;
    }
}
