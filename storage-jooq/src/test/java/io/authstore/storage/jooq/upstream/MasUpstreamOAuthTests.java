package io.authstore.storage.jooq.upstream;

import static io.authstore.storage.jooq.testing.TestStorage.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.JsonValue;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.upstream.UpstreamOAuthAuthorizationSession;
import io.authstore.storage.upstream.UpstreamOAuthLink;
import io.authstore.storage.upstream.UpstreamOAuthLinkFilter;
import io.authstore.storage.upstream.UpstreamOAuthProvider.TokenAuthMethod;
import io.authstore.storage.upstream.UpstreamOAuthProvider;
import io.authstore.storage.upstream.UpstreamOAuthProviderFilter;
import io.authstore.storage.upstream.UpstreamOAuthProviderParams;
import io.authstore.storage.upstream.UpstreamOAuthSessionFilter;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MAS's upstream OAuth tests ({@code crates/storage-pg/src/upstream_oauth2/mod.rs}), one method each, in MAS's order
 * of operations and with every one of its assertions, each in one repository session on a clock that stands still
 * unless the test moves it.
 */
@ExtendWith(StorageExtension.class)
class MasUpstreamOAuthTests {

    /** The parameters MAS's tests use: OpenID Connect discovery, no client authentication, RS256 ID tokens. */
    static UpstreamOAuthProviderParams.Builder params(String clientId) {
        return UpstreamOAuthProviderParams.builder(clientId, "openid", TokenAuthMethod.NONE);
    }

    private static List<Ulid> ids(Page<?> page) {
        return page.edges().stream().map(Page.Edge::cursor).toList();
    }

    /** MAS: {@code test_repository}. */
    @Test
    void testRepository(TestStorage storage) {
        RepositorySession repo = storage.open();
        var clock = storage.clock();
        var rng = storage.random();

        // No provider at the start.
        assertThat(await(repo.upstreamOAuthProvider().allEnabled())).isEmpty();

        UpstreamOAuthProvider added = await(repo.upstreamOAuthProvider()
                .add(clock, rng, params("client-id").issuer("https://example.com/").build()));

        UpstreamOAuthProvider provider = await(repo.upstreamOAuthProvider().lookup(added.id()));
        assertThat(provider).as("the provider exists").isNotNull();
        assertThat(provider.issuer()).contains("https://example.com/");
        assertThat(provider.clientId()).isEqualTo("client-id");

        List<UpstreamOAuthProvider> providers = await(repo.upstreamOAuthProvider().allEnabled());
        assertThat(providers).hasSize(1);
        assertThat(providers.get(0).issuer()).contains("https://example.com/");
        assertThat(providers.get(0).clientId()).isEqualTo("client-id");

        // A session of its own for what follows.
        UpstreamOAuthAuthorizationSession started = await(repo.upstreamOAuthSession()
                .add(clock, rng, provider, "some-state", Optional.empty(), Optional.of("some-nonce")));
        UpstreamOAuthAuthorizationSession session = await(repo.upstreamOAuthSession().lookup(started.id()));
        assertThat(session).as("the session exists").isNotNull();
        assertThat(session.providerId()).isEqualTo(provider.id());
        assertThat(session.linkId()).isEmpty();
        assertThat(session.isPending()).isTrue();
        assertThat(session.isCompleted()).isFalse();
        assertThat(session.isConsumed()).isFalse();

        // Create a link; it is found by id and by subject.
        UpstreamOAuthLink added2 = await(repo.upstreamOAuthLink()
                .add(clock, rng, provider, "a-subject", Optional.of("alice@example.com")));
        assertThat(await(repo.upstreamOAuthLink().lookup(added2.id()))).as("the link exists")
                .isNotNull();
        UpstreamOAuthLink link = await(repo.upstreamOAuthLink().findBySubject(provider, "a-subject"));
        assertThat(link).as("the link exists").isNotNull();
        assertThat(link.subject()).isEqualTo("a-subject");
        assertThat(link.providerId()).isEqualTo(provider.id());

        UpstreamOAuthAuthorizationSession completed = await(repo.upstreamOAuthSession().completeWithLink(clock,
                session, link, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        session = await(repo.upstreamOAuthSession().lookup(completed.id()));
        assertThat(session).as("the session exists").isNotNull();
        assertThat(session.isCompleted()).isTrue();
        assertThat(session.isConsumed()).isFalse();
        assertThat(session.linkId()).contains(link.id());

        // A user and a browser session, to consume the authorization session.
        User user = await(repo.user().add(clock, rng, "john"));
        BrowserSession browserSession = await(repo.browserSession().add(clock, rng, user, Optional.empty()));
        UpstreamOAuthAuthorizationSession consumed =
                await(repo.upstreamOAuthSession().consume(clock, session, browserSession));
        session = await(repo.upstreamOAuthSession().lookup(consumed.id()));
        assertThat(session).as("the session exists").isNotNull();
        assertThat(session.isConsumed()).isTrue();

        await(repo.upstreamOAuthLink().associateToUser(link, user));

        UpstreamOAuthLinkFilter filter = UpstreamOAuthLinkFilter.all()
                .user(user)
                .provider(provider)
                .subject("a-subject")
                .enabledProvidersOnly();
        Page<UpstreamOAuthLink> links = await(repo.upstreamOAuthLink().list(filter, Pagination.first(10)));
        assertThat(links.hasPreviousPage()).isFalse();
        assertThat(links.hasNextPage()).isFalse();
        assertThat(links.edges()).hasSize(1);
        assertThat(links.edges().get(0).node().id()).isEqualTo(link.id());
        assertThat(links.edges().get(0).node().userId()).contains(user.id());
        assertThat(await(repo.upstreamOAuthLink().count(filter))).isEqualTo(1);

        // A case-insensitive part of the human account name matches.
        UpstreamOAuthLinkFilter matching = UpstreamOAuthLinkFilter.all().matchingHumanAccountName("LICE");
        links = await(repo.upstreamOAuthLink().list(matching, Pagination.first(10)));
        assertThat(links.edges()).hasSize(1);
        assertThat(links.edges().get(0).node().id()).isEqualTo(link.id());
        assertThat(await(repo.upstreamOAuthLink().count(matching))).isEqualTo(1);

        UpstreamOAuthLinkFilter nonMatching = UpstreamOAuthLinkFilter.all().matchingHumanAccountName("nope");
        links = await(repo.upstreamOAuthLink().list(nonMatching, Pagination.first(10)));
        assertThat(links.edges()).isEmpty();
        assertThat(await(repo.upstreamOAuthLink().count(nonMatching))).isZero();

        // Exactly one enabled provider.
        UpstreamOAuthProviderFilter all = UpstreamOAuthProviderFilter.all();
        assertThat(await(repo.upstreamOAuthProvider().count(all))).isEqualTo(1);
        assertThat(await(repo.upstreamOAuthProvider().count(all.enabledOnly()))).isEqualTo(1);
        assertThat(await(repo.upstreamOAuthProvider().count(all.disabledOnly()))).isZero();

        await(repo.upstreamOAuthProvider().disable(clock, provider));

        // Exactly one disabled provider.
        assertThat(await(repo.upstreamOAuthProvider().count(all))).isEqualTo(1);
        assertThat(await(repo.upstreamOAuthProvider().count(all.enabledOnly()))).isZero();
        assertThat(await(repo.upstreamOAuthProvider().count(all.disabledOnly()))).isEqualTo(1);

        // Listing and counting the provider's sessions.
        UpstreamOAuthSessionFilter sessionFilter = UpstreamOAuthSessionFilter.all().provider(provider);
        assertThat(await(repo.upstreamOAuthSession().count(sessionFilter))).isEqualTo(1);
        Page<UpstreamOAuthAuthorizationSession> sessionPage =
                await(repo.upstreamOAuthSession().list(sessionFilter, Pagination.first(10)));
        assertThat(sessionPage.edges()).hasSize(1);
        assertThat(sessionPage.edges().get(0).node().id()).isEqualTo(session.id());
        assertThat(sessionPage.hasNextPage()).isFalse();
        assertThat(sessionPage.hasPreviousPage()).isFalse();

        // Deleting the provider (with its session and link).
        await(repo.upstreamOAuthProvider().delete(provider));
        assertThat(await(repo.upstreamOAuthProvider().count(all))).isZero();

        await(repo.save());
    }

    /** MAS: {@code test_provider_repository_pagination}. */
    @Test
    void testProviderRepositoryPagination(TestStorage storage) {
        RepositorySession repo = storage.open();
        var clock = storage.clock();
        var rng = storage.random();
        UpstreamOAuthProviderFilter filter = UpstreamOAuthProviderFilter.all();

        assertThat(await(repo.upstreamOAuthProvider().count(filter))).isZero();

        List<Ulid> ids = new ArrayList<>();
        for (int idx = 0; idx < 20; idx++) {
            UpstreamOAuthProvider provider = await(repo.upstreamOAuthProvider()
                    .add(clock, rng, params("client-" + idx).build()));
            ids.add(provider.id());
            clock.advance(Duration.ofSeconds(10));
        }

        assertThat(await(repo.upstreamOAuthProvider().count(filter))).isEqualTo(20);

        // The first 10.
        Page<UpstreamOAuthProvider> page = await(repo.upstreamOAuthProvider().list(filter, Pagination.first(10)));
        assertThat(page.hasNextPage()).isTrue();
        assertThat(ids(page)).isEqualTo(ids.subList(0, 10));

        // The same page with the "enabled only" filter.
        Page<UpstreamOAuthProvider> otherPage =
                await(repo.upstreamOAuthProvider().list(filter.enabledOnly(), Pagination.first(10)));
        assertThat(otherPage).isEqualTo(page);

        // The next 10.
        page = await(repo.upstreamOAuthProvider().list(filter, Pagination.first(10).after(ids.get(9))));
        assertThat(page.hasNextPage()).isFalse();
        assertThat(ids(page)).isEqualTo(ids.subList(10, 20));

        // The last 10.
        page = await(repo.upstreamOAuthProvider().list(filter, Pagination.last(10)));
        assertThat(page.hasPreviousPage()).isTrue();
        assertThat(ids(page)).isEqualTo(ids.subList(10, 20));

        // The 10 before those.
        page = await(repo.upstreamOAuthProvider().list(filter, Pagination.last(10).before(ids.get(10))));
        assertThat(page.hasPreviousPage()).isFalse();
        assertThat(ids(page)).isEqualTo(ids.subList(0, 10));

        // Between two ids.
        page = await(repo.upstreamOAuthProvider()
                .list(filter, Pagination.first(10).after(ids.get(5)).before(ids.get(8))));
        assertThat(page.hasNextPage()).isFalse();
        assertThat(ids(page)).isEqualTo(ids.subList(6, 8));

        // No disabled providers.
        assertThat(await(repo.upstreamOAuthProvider()
                .list(UpstreamOAuthProviderFilter.all().disabledOnly(), Pagination.first(1))).edges()).isEmpty();

        await(repo.save());
    }

    /** MAS: {@code test_session_repository_pagination}. */
    @Test
    void testSessionRepositoryPagination(TestStorage storage) {
        RepositorySession repo = storage.open();
        var clock = storage.clock();
        var rng = storage.random();

        UpstreamOAuthProvider provider = await(repo.upstreamOAuthProvider()
                .add(clock, rng, params("client-id").issuer("https://example.com/").build()));
        UpstreamOAuthSessionFilter filter = UpstreamOAuthSessionFilter.all().provider(provider);

        assertThat(await(repo.upstreamOAuthSession().count(filter))).isZero();

        List<UpstreamOAuthLink> links = new ArrayList<>();
        for (String subject : List.of("alice", "bob", "charlie")) {
            links.add(await(repo.upstreamOAuthLink().add(clock, rng, provider, subject, Optional.empty())));
        }

        // 20 sessions, cycling through the links and through the sids "one" and "two".
        List<Ulid> ids = new ArrayList<>();
        List<String> sids = List.of("one", "two");
        for (int idx = 0; idx < 20; idx++) {
            UpstreamOAuthLink link = links.get(idx % links.size());
            String sid = sids.get(idx % sids.size());
            UpstreamOAuthAuthorizationSession session = await(repo.upstreamOAuthSession()
                    .add(clock, rng, provider, "state-" + idx, Optional.empty(), Optional.empty()));
            JsonValue idTokenClaims = JsonValue.parse("{\"sub\": " + JsonValue.quote(link.subject())
                    + ", \"sid\": " + JsonValue.quote(sid) + ", \"aud\": " + JsonValue.quote(provider.clientId())
                    + ", \"iss\": \"https://example.com/\"}");
            session = await(repo.upstreamOAuthSession().completeWithLink(clock, session, link, Optional.empty(),
                    Optional.of(idTokenClaims), Optional.empty(), Optional.empty()));
            ids.add(session.id());
            clock.advance(Duration.ofSeconds(10));
        }

        assertThat(await(repo.upstreamOAuthSession().count(filter))).isEqualTo(20);

        Page<UpstreamOAuthAuthorizationSession> page =
                await(repo.upstreamOAuthSession().list(filter, Pagination.first(10)));
        assertThat(page.hasNextPage()).isTrue();
        assertThat(ids(page)).isEqualTo(ids.subList(0, 10));

        page = await(repo.upstreamOAuthSession().list(filter, Pagination.first(10).after(ids.get(9))));
        assertThat(page.hasNextPage()).isFalse();
        assertThat(ids(page)).isEqualTo(ids.subList(10, 20));

        page = await(repo.upstreamOAuthSession().list(filter, Pagination.last(10)));
        assertThat(page.hasPreviousPage()).isTrue();
        assertThat(ids(page)).isEqualTo(ids.subList(10, 20));

        page = await(repo.upstreamOAuthSession().list(filter, Pagination.last(10).before(ids.get(10))));
        assertThat(page.hasPreviousPage()).isFalse();
        assertThat(ids(page)).isEqualTo(ids.subList(0, 10));

        page = await(repo.upstreamOAuthSession()
                .list(filter, Pagination.first(10).after(ids.get(5)).before(ids.get(11))));
        assertThat(page.hasNextPage()).isFalse();
        assertThat(ids(page)).isEqualTo(ids.subList(6, 11));

        // The sub and sid claim filters.
        assertThat(await(repo.upstreamOAuthSession().count(filter.subClaim("alice").sidClaim("one")))).isEqualTo(4);
        assertThat(await(repo.upstreamOAuthSession().count(filter.subClaim("bob").sidClaim("two")))).isEqualTo(4);

        page = await(repo.upstreamOAuthSession()
                .list(filter.subClaim("alice").sidClaim("one"), Pagination.first(10)));
        assertThat(page.edges()).hasSize(4);
        for (Page.Edge<UpstreamOAuthAuthorizationSession> edge : page.edges()) {
            JsonValue claims = edge.node().idTokenClaims().orElseThrow();
            assertThat(claims.get("sub").flatMap(JsonValue::asString)).contains("alice");
            assertThat(claims.get("sid").flatMap(JsonValue::asString)).contains("one");
        }

        await(repo.save());
    }
}
