package io.authstore.storage.jooq.oauth2;

import static io.authstore.snapshot.Tables.OAUTH2_AUTHORIZATION_GRANTS;
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
import io.authstore.storage.oauth2.AuthorizationCode;
import io.authstore.storage.oauth2.AuthorizationGrant;
import io.authstore.storage.oauth2.AuthorizationGrantParams;
import io.authstore.storage.oauth2.OAuth2Client;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.ResponseMode;
import io.authstore.storage.oauth2.Scope;
import io.authstore.storage.users.BrowserSession;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StorageExtension.class)
class OAuth2AuthorizationGrantRepositoryTest {

    private static AuthorizationGrantParams params(Optional<AuthorizationCode> code) {
        return new AuthorizationGrantParams(URI.create("https://app.example.com/cb"), Scope.of("openid", "email"),
                code, Optional.of("st\"ate"), Optional.empty(), ResponseMode.FORM_POST, true,
                Optional.of("mxid:@alice:example.com"), Optional.of("fr"),
                Map.of("quote\"d", "back\\slash", "unicode", "é\u2603", "newline", "a\nb"));
    }

    private static AuthorizationGrant add(TestStorage storage, OAuth2Client client, String code) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(s -> s.oauth2AuthorizationGrant().add(storage.clock(), storage.random(), client,
                params(Optional.of(new AuthorizationCode(code,
                        Optional.of(new AuthorizationCode.Pkce("S256", "challenge-" + code)))))));
    }

    private static AuthorizationGrant lookup(TestStorage storage, AuthorizationGrant grant) {
        return storage.read(s -> s.oauth2AuthorizationGrant().lookup(grant.id()));
    }

    @Test
    void addStoresEveryFieldAndFindByCodeFindsItOrNothing(TestStorage storage) {
        OAuth2Client client = client(storage, "app");
        AuthorizationGrant grant = add(storage, client, "code-1");
        assertThat(grant.isPending()).isTrue();
        assertThat(grant.code().orElseThrow().pkce()).contains(new AuthorizationCode.Pkce("S256", "challenge-code-1"));
        assertThat(grant.rawParameters()).containsEntry("unicode", "é\u2603").containsEntry("newline", "a\nb");
        assertThat(grant.toString()).doesNotContain("code-1\"").doesNotContain("code=code-1");
        assertThat(lookup(storage, grant)).isEqualTo(grant);
        assertThat(storage.<AuthorizationGrant>read(s -> s.oauth2AuthorizationGrant().findByCode("code-1")))
                .isEqualTo(grant);
        assertThat(storage.<AuthorizationGrant>read(s -> s.oauth2AuthorizationGrant().findByCode("code-2"))).isNull();
        assertThat(storage.<AuthorizationGrant>read(s -> s.oauth2AuthorizationGrant()
                .lookup(Ulid.minAt(Instant.EPOCH)))).isNull();

        AuthorizationGrant noCode = storage.saved(s -> s.oauth2AuthorizationGrant().add(storage.clock(),
                storage.random(), client, params(Optional.empty())));
        assertThat(noCode.code()).isEmpty();
        assertThat(lookup(storage, noCode)).isEqualTo(noCode);
        assertThatThrownBy(() -> storage.read(s -> s.oauth2AuthorizationGrant().findByCode("a\0")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTakenCodeIsAConflictThatLeavesTheSessionUsable(TestStorage storage) {
        OAuth2Client client = client(storage, "app");
        add(storage, client, "taken");
        AuthorizationGrant other = storage.saved(s -> s.oauth2AuthorizationGrant().add(storage.clock(),
                        storage.random(), client, params(Optional.of(new AuthorizationCode("taken", Optional.empty()))))
                .onErrorResume(ConflictException.class, conflict -> s.oauth2AuthorizationGrant().add(storage.clock(),
                        storage.random(), client,
                        params(Optional.of(new AuthorizationCode("free", Optional.empty()))))));
        assertThat(lookup(storage, other)).isEqualTo(other);
    }

    @Test
    void fulfilThenExchangeEachOnceAndInOrder(TestStorage storage) {
        OAuth2Client client = client(storage, "app");
        BrowserSession browser = browserSession(storage, user(storage, "alice"));
        AuthorizationGrant grant = add(storage, client, "code");
        OAuth2Session session = session(storage, client, browser, Scope.of("openid"));

        assertThatThrownBy(() -> storage.saved(s -> s.oauth2AuthorizationGrant().exchange(storage.clock(), grant,
                session))).as("not fulfilled yet").isInstanceOf(InvalidTransitionException.class);

        AuthorizationGrant fulfilled = storage.saved(s -> s.oauth2AuthorizationGrant().fulfill(storage.clock(),
                browser, grant));
        assertThat(fulfilled.stage()).isEqualTo(new AuthorizationGrant.Stage.Fulfilled(browser.id(),
                storage.clock().now()));
        assertThat(lookup(storage, grant)).isEqualTo(fulfilled);
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2AuthorizationGrant().fulfill(storage.clock(), browser,
                fulfilled))).isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2AuthorizationGrant().fulfill(storage.clock(), browser,
                grant))).as("a stale pending copy").isInstanceOf(NotAffectedException.class);

        storage.clock().advance(Duration.ofSeconds(3));
        AuthorizationGrant exchanged = storage.saved(s -> s.oauth2AuthorizationGrant().exchange(storage.clock(),
                fulfilled, session));
        assertThat(exchanged.stage()).isEqualTo(new AuthorizationGrant.Stage.Exchanged(session.id(),
                storage.clock().now().minusSeconds(3), storage.clock().now()));
        assertThat(lookup(storage, grant)).isEqualTo(exchanged);
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2AuthorizationGrant().exchange(storage.clock(),
                exchanged, session))).isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2AuthorizationGrant().exchange(storage.clock(),
                fulfilled, session))).as("a stale fulfilled copy").isInstanceOf(NotAffectedException.class);
    }

    @Test
    void aFulfilledGrantWhoseBrowserSessionIsGoneReadsAsCancelled(TestStorage storage) {
        OAuth2Client client = client(storage, "app");
        BrowserSession browser = browserSession(storage, user(storage, "alice"));
        AuthorizationGrant grant = add(storage, client, "code");
        AuthorizationGrant fulfilled = storage.saved(s -> s.oauth2AuthorizationGrant().fulfill(storage.clock(),
                browser, grant));
        storage.sql().update(OAUTH2_AUTHORIZATION_GRANTS).setNull(OAUTH2_AUTHORIZATION_GRANTS.USER_SESSION_ID)
                .execute();
        assertThat(lookup(storage, grant).stage()).isEqualTo(new AuthorizationGrant.Stage.Cancelled(
                ((AuthorizationGrant.Stage.Fulfilled) fulfilled.stage()).fulfilledAt()));
    }

    @Test
    void cleanupDeletesGrantsCreatedInTheWindowInBatches(TestStorage storage) {
        OAuth2Client client = client(storage, "app");
        AuthorizationGrant a = add(storage, client, "a");
        AuthorizationGrant b = add(storage, client, "b");
        AuthorizationGrant c = add(storage, client, "c");
        Instant until = c.createdAt();

        Cleanup first = storage.saved(s -> s.oauth2AuthorizationGrant().cleanup(null, until, 1));
        assertThat(first).isEqualTo(new Cleanup(1, Optional.of(a.createdAt())));
        Cleanup second = storage.saved(s -> s.oauth2AuthorizationGrant().cleanup(first.resumeFrom().orElseThrow(),
                until, 1));
        assertThat(second).isEqualTo(new Cleanup(1, Optional.of(b.createdAt())));
        assertThat(storage.<Cleanup>saved(s -> s.oauth2AuthorizationGrant().cleanup(second.resumeFrom().orElseThrow(),
                until, 1))).as("until is exclusive").isEqualTo(Cleanup.NOTHING);
        assertThat(lookup(storage, a)).isNull();
        assertThat(lookup(storage, c)).isEqualTo(c);
    }
}
