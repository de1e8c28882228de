package io.authstore.storage.jooq.upstream;

import static io.authstore.snapshot.Tables.UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS;
import static io.authstore.snapshot.Tables.UPSTREAM_OAUTH_LINKS;
import static io.authstore.snapshot.Tables.UPSTREAM_OAUTH_PROVIDERS;
import static io.authstore.storage.jooq.upstream.UpstreamFixtures.TRICKY_JSON;
import static io.authstore.storage.jooq.upstream.UpstreamFixtures.link;
import static io.authstore.storage.jooq.upstream.UpstreamFixtures.params;
import static io.authstore.storage.jooq.upstream.UpstreamFixtures.pending;
import static io.authstore.storage.jooq.upstream.UpstreamFixtures.provider;
import static io.authstore.storage.jooq.upstream.UpstreamFixtures.tick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.JsonValue;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.upstream.UpstreamOAuthProvider;
import io.authstore.storage.upstream.UpstreamOAuthProvider.DiscoveryMode;
import io.authstore.storage.upstream.UpstreamOAuthProvider.OnBackchannelLogout;
import io.authstore.storage.upstream.UpstreamOAuthProvider.Parameter;
import io.authstore.storage.upstream.UpstreamOAuthProvider.PkceMode;
import io.authstore.storage.upstream.UpstreamOAuthProvider.ResponseMode;
import io.authstore.storage.upstream.UpstreamOAuthProvider.TokenAuthMethod;
import io.authstore.storage.upstream.UpstreamOAuthProviderFilter;
import io.authstore.storage.upstream.UpstreamOAuthProviderParams;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StorageExtension.class)
class UpstreamOAuthProviderRepositoryTest {

    /** Every field away from its default. */
    private static UpstreamOAuthProviderParams everyField() {
        return UpstreamOAuthProviderParams.builder("client-\u00e9", "openid email profile",
                        TokenAuthMethod.CLIENT_SECRET_JWT)
                .issuer("https://id.example.com/")
                .humanName("Example ID \u2713")
                .brandName("example")
                .encryptedClientSecret("encrypted-secret")
                .tokenEndpointSigningAlg("HS256")
                .idTokenSignedResponseAlg("ES256")
                .fetchUserinfo(true)
                .userinfoSignedResponseAlg("RS512")
                .claimsImports(JsonValue.parse("{\"subject\": {\"template\": \"{{ user.sub }}\"},"
                        + " \"localpart\": {\"action\": \"require\", \"on_conflict\": \"add\"},"
                        + " \"skip_confirmation\": true}"))
                .discoveryMode(DiscoveryMode.INSECURE)
                .pkceMode(PkceMode.S256)
                .responseMode(ResponseMode.FORM_POST)
                .jwksUriOverride(URI.create("https://id.example.com/jwks"))
                .authorizationEndpointOverride(URI.create("https://id.example.com/authorize?x=1"))
                .tokenEndpointOverride(URI.create("https://id.example.com/token"))
                .userinfoEndpointOverride(URI.create("https://id.example.com/userinfo"))
                .additionalAuthorizationParameters(List.of(new Parameter("prompt", "consent"),
                        new Parameter("x", "caf\u00e9 \"quoted\" \\"), new Parameter("prompt", "login")))
                .forwardLoginHint(true)
                .uiOrder(-7)
                .onBackchannelLogout(OnBackchannelLogout.LOGOUT_ALL)
                .registrationTokenRequired(true)
                .build();
    }

    private static void assertHasParams(UpstreamOAuthProvider provider, UpstreamOAuthProviderParams params) {
        assertThat(provider.issuer()).isEqualTo(params.issuer());
        assertThat(provider.humanName()).isEqualTo(params.humanName());
        assertThat(provider.brandName()).isEqualTo(params.brandName());
        assertThat(provider.scope()).isEqualTo(params.scope());
        assertThat(provider.clientId()).isEqualTo(params.clientId());
        assertThat(provider.encryptedClientSecret()).isEqualTo(params.encryptedClientSecret());
        assertThat(provider.tokenEndpointAuthMethod()).isEqualTo(params.tokenEndpointAuthMethod());
        assertThat(provider.tokenEndpointSigningAlg()).isEqualTo(params.tokenEndpointSigningAlg());
        assertThat(provider.idTokenSignedResponseAlg()).isEqualTo(params.idTokenSignedResponseAlg());
        assertThat(provider.fetchUserinfo()).isEqualTo(params.fetchUserinfo());
        assertThat(provider.userinfoSignedResponseAlg()).isEqualTo(params.userinfoSignedResponseAlg());
        assertThat(provider.claimsImports()).isEqualTo(params.claimsImports());
        assertThat(provider.discoveryMode()).isEqualTo(params.discoveryMode());
        assertThat(provider.pkceMode()).isEqualTo(params.pkceMode());
        assertThat(provider.responseMode()).isEqualTo(params.responseMode());
        assertThat(provider.jwksUriOverride()).isEqualTo(params.jwksUriOverride());
        assertThat(provider.authorizationEndpointOverride()).isEqualTo(params.authorizationEndpointOverride());
        assertThat(provider.tokenEndpointOverride()).isEqualTo(params.tokenEndpointOverride());
        assertThat(provider.userinfoEndpointOverride()).isEqualTo(params.userinfoEndpointOverride());
        assertThat(provider.additionalAuthorizationParameters())
                .isEqualTo(params.additionalAuthorizationParameters());
        assertThat(provider.forwardLoginHint()).isEqualTo(params.forwardLoginHint());
        assertThat(provider.uiOrder()).isEqualTo(params.uiOrder());
        assertThat(provider.onBackchannelLogout()).isEqualTo(params.onBackchannelLogout());
        assertThat(provider.registrationTokenRequired()).isEqualTo(params.registrationTokenRequired());
    }

    @Test
    void addStoresEveryFieldAndLookupReadsItBack(TestStorage storage) {
        UpstreamOAuthProviderParams params = everyField();
        tick(storage);
        UpstreamOAuthProvider added = storage.saved(s -> s.upstreamOAuthProvider()
                .add(storage.clock(), storage.random(), params));

        assertHasParams(added, params);
        assertThat(added.createdAt()).isEqualTo(storage.clock().now());
        assertThat(added.id().timestamp()).isEqualTo(storage.clock().now());
        assertThat(added.isEnabled()).isTrue();
        assertThat(storage.<UpstreamOAuthProvider>read(s -> s.upstreamOAuthProvider().lookup(added.id())))
                .isEqualTo(added);
        assertThat(added.toString()).doesNotContain("encrypted-secret").contains("<redacted>");
        assertThat(params.toString()).doesNotContain("encrypted-secret");
    }

    @Test
    void defaultsAreMasDefaults(TestStorage storage) {
        UpstreamOAuthProvider provider = provider(storage, "client");
        assertThat(provider.discoveryMode()).isEqualTo(DiscoveryMode.OIDC);
        assertThat(provider.pkceMode()).isEqualTo(PkceMode.AUTO);
        assertThat(provider.idTokenSignedResponseAlg()).isEqualTo("RS256");
        assertThat(provider.claimsImports()).isEqualTo(JsonValue.EMPTY_OBJECT);
        assertThat(provider.additionalAuthorizationParameters()).isEmpty();
        assertThat(provider.onBackchannelLogout()).isEqualTo(OnBackchannelLogout.DO_NOTHING);
        assertThat(provider.responseMode()).isEmpty();
        assertThat(provider.encryptedClientSecret()).isEmpty();
    }

    @Test
    void lookupOfAnUnknownIdFindsNothing(TestStorage storage) {
        provider(storage, "client");
        assertThat(storage.<UpstreamOAuthProvider>read(s -> s.upstreamOAuthProvider()
                .lookup(Ulid.minAt(Instant.EPOCH)))).isNull();
    }

    @Test
    void claimsImportsAndParametersRoundTripTrickyJson(TestStorage storage) {
        JsonValue tricky = JsonValue.parse(TRICKY_JSON);
        List<Parameter> parameters = List.of(new Parameter("\u6f22", "\ud83d\ude00"), new Parameter("", ""),
                new Parameter("b", "1"), new Parameter("a", "{\"not\": \"json\"}"), new Parameter("b", "2"));
        UpstreamOAuthProviderParams params = params("client").claimsImports(tricky)
                .additionalAuthorizationParameters(parameters).build();
        UpstreamOAuthProvider added = storage.saved(s -> s.upstreamOAuthProvider()
                .add(storage.clock(), storage.random(), params));
        UpstreamOAuthProvider found = storage.read(s -> s.upstreamOAuthProvider().lookup(added.id()));

        assertThat(found.claimsImports()).isEqualTo(tricky).isEqualTo(added.claimsImports());
        assertThat(found.additionalAuthorizationParameters()).isEqualTo(parameters);
        // What jsonb keeps: the last of a repeated key, every number's value, the characters of every string.
        JsonValue stored = found.claimsImports();
        assertThat(stored.get("dup").flatMap(JsonValue::asNumber).map(Number::intValue)).contains(2);
        assertThat(stored.get("unicode").flatMap(JsonValue::asString))
                .contains("caf\u00e9 \u00fc \u6f22\u5b57 \ud83d\ude00 \ud83c\udf89");
        assertThat(stored.get("escapes").flatMap(JsonValue::asString))
                .contains("quote \" backslash \\ slash / tab \t newline \n");
        JsonValue nested = stored.get("a").flatMap(a -> a.get("nested")).orElseThrow();
        assertThat(nested.get(3).flatMap(JsonValue::asNumber).map(Object::toString))
                .contains("12345678901234567890.123456789");
        assertThat(nested.get(1).flatMap(JsonValue::asNumber).map(n -> n.compareTo(java.math.BigDecimal.valueOf(100))))
                .contains(0);
        assertThat(stored.get("")).isPresent();
        // jsonb's own spelling: keys by length, then bytes; the column holds exactly that.
        String column = storage.sql().select(UPSTREAM_OAUTH_PROVIDERS.CLAIMS_IMPORTS).from(UPSTREAM_OAUTH_PROVIDERS)
                .fetchOne().value1().data();
        assertThat(found.claimsImports().text()).isEqualTo(column);
        assertThat(column).startsWith("{\"\": \"empty key\", \"a\":");
        // A value with a different key order is the same JSON; a different value is not.
        assertThat(JsonValue.parse("{\"b\": [], \"z\": 1.00}").equals(JsonValue.parse("{\"z\": 1, \"b\": []}")))
                .isTrue();
        assertThat(JsonValue.parse("{\"z\": 1}")).isNotEqualTo(JsonValue.parse("{\"z\": \"1\"}"));
    }

    @Test
    void upsertCreatesThenReplacesEveryFieldAndEnablesAgain(TestStorage storage) {
        Ulid id = Ulid.generate(storage.clock(), storage.random());
        tick(storage);
        Instant created = storage.clock().now();
        UpstreamOAuthProvider first = storage.saved(s -> s.upstreamOAuthProvider()
                .upsert(storage.clock(), id, params("first").uiOrder(3).build()));
        assertThat(first.id()).isEqualTo(id);
        assertThat(first.createdAt()).isEqualTo(created);
        assertThat(first.uiOrder()).isEqualTo(3);

        tick(storage);
        storage.saved(s -> s.upstreamOAuthProvider().disable(storage.clock(), first));
        tick(storage);
        UpstreamOAuthProviderParams changed = everyField();
        UpstreamOAuthProvider second = storage.saved(s -> s.upstreamOAuthProvider()
                .upsert(storage.clock(), id, changed));

        assertHasParams(second, changed);
        assertThat(second.createdAt()).as("creation time kept").isEqualTo(created);
        assertThat(second.isEnabled()).as("enabled again").isTrue();
        assertThat(storage.<UpstreamOAuthProvider>read(s -> s.upstreamOAuthProvider().lookup(id))).isEqualTo(second);
        assertThat(storage.<Long>read(s -> s.upstreamOAuthProvider().count(UpstreamOAuthProviderFilter.all())))
                .isEqualTo(1);

        // The same params again change nothing.
        tick(storage);
        assertThat(storage.<UpstreamOAuthProvider>saved(s -> s.upstreamOAuthProvider()
                .upsert(storage.clock(), id, changed))).isEqualTo(second);
    }

    @Test
    void disableThenTheRepeatAndTheStaleCopyKeepTheFirstTime(TestStorage storage) {
        UpstreamOAuthProvider provider = provider(storage, "client");
        tick(storage);
        Instant first = storage.clock().now();
        UpstreamOAuthProvider disabled = storage.saved(s -> s.upstreamOAuthProvider()
                .disable(storage.clock(), provider));
        assertThat(disabled.disabledAt()).contains(first);
        assertThat(disabled.isEnabled()).isFalse();

        tick(storage);
        assertThat(storage.<UpstreamOAuthProvider>saved(s -> s.upstreamOAuthProvider()
                .disable(storage.clock(), disabled)).disabledAt()).contains(first);
        assertThat(storage.<UpstreamOAuthProvider>saved(s -> s.upstreamOAuthProvider()
                .disable(storage.clock(), provider)).disabledAt()).as("stale, enabled copy").contains(first);
        assertThat(storage.<List<UpstreamOAuthProvider>>read(s -> s.upstreamOAuthProvider().allEnabled())).isEmpty();
    }

    @Test
    void disableOrDeleteOfAMissingProviderFailsAndLeavesTheSessionUsable(TestStorage storage) {
        UpstreamOAuthProvider provider = provider(storage, "client");
        storage.saved(s -> s.upstreamOAuthProvider().delete(provider));

        RepositorySession session = storage.factory().open().block(TestStorage.TIMEOUT);
        assertThatThrownBy(() -> session.upstreamOAuthProvider().disable(storage.clock(), provider)
                .block(TestStorage.TIMEOUT)).isInstanceOf(NotAffectedException.class);
        assertThatThrownBy(() -> session.upstreamOAuthProvider().deleteById(provider.id())
                .block(TestStorage.TIMEOUT)).isInstanceOf(NotAffectedException.class);
        assertThatThrownBy(() -> session.upstreamOAuthProvider().delete(provider)
                .block(TestStorage.TIMEOUT)).isInstanceOf(NotAffectedException.class);
        UpstreamOAuthProvider added = session.upstreamOAuthProvider()
                .add(storage.clock(), storage.random(), params("after").build()).block(TestStorage.TIMEOUT);
        session.save().block(TestStorage.TIMEOUT);
        assertThat(storage.<UpstreamOAuthProvider>read(s -> s.upstreamOAuthProvider().lookup(added.id())))
                .isEqualTo(added);
    }

    @Test
    void deleteTakesItsSessionsAndLinksAlongAndLeavesOtherProvidersAlone(TestStorage storage) {
        UpstreamOAuthProvider doomed = provider(storage, "doomed");
        UpstreamOAuthProvider kept = provider(storage, "kept");
        for (UpstreamOAuthProvider provider : List.of(doomed, kept)) {
            var link = link(storage, provider, "subject");
            UpstreamFixtures.completed(storage, pending(storage, provider, "state-" + provider.clientId()), link,
                    "subject", "sid");
            pending(storage, provider, "pending-" + provider.clientId());
        }

        storage.saved(s -> s.upstreamOAuthProvider().deleteById(doomed.id()).thenReturn(true));

        assertThat(storage.<UpstreamOAuthProvider>read(s -> s.upstreamOAuthProvider().lookup(doomed.id()))).isNull();
        assertThat(storage.sql().fetchCount(UPSTREAM_OAUTH_LINKS,
                UPSTREAM_OAUTH_LINKS.UPSTREAM_OAUTH_PROVIDER_ID.eq(doomed.id().toUuid()))).isZero();
        assertThat(storage.sql().fetchCount(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS,
                UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.UPSTREAM_OAUTH_PROVIDER_ID.eq(doomed.id().toUuid()))).isZero();
        assertThat(storage.sql().fetchCount(UPSTREAM_OAUTH_LINKS)).isEqualTo(1);
        assertThat(storage.sql().fetchCount(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS)).isEqualTo(2);
        assertThat(storage.<UpstreamOAuthProvider>read(s -> s.upstreamOAuthProvider().lookup(kept.id())))
                .isEqualTo(kept);
    }

    @Test
    void listAndCountByStateWithPagesBothWays(TestStorage storage) {
        List<UpstreamOAuthProvider> providers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            providers.add(provider(storage, "client-" + i));
        }
        for (int i : List.of(1, 4)) {
            tick(storage);
            UpstreamOAuthProvider provider = providers.get(i);
            providers.set(i, storage.saved(s -> s.upstreamOAuthProvider().disable(storage.clock(), provider)));
        }
        UpstreamOAuthProviderFilter all = UpstreamOAuthProviderFilter.all();
        assertThat(count(storage, all)).isEqualTo(6);
        assertThat(count(storage, all.enabledOnly())).isEqualTo(4);
        assertThat(count(storage, all.disabledOnly())).isEqualTo(2);

        assertThat(list(storage, all.disabledOnly(), Pagination.first(10)).items())
                .containsExactly(providers.get(1), providers.get(4));

        Page<UpstreamOAuthProvider> first = list(storage, all.enabledOnly(), Pagination.first(3));
        assertThat(first.items()).containsExactly(providers.get(0), providers.get(2), providers.get(3));
        assertThat(first.hasNextPage()).isTrue();
        Page<UpstreamOAuthProvider> next = list(storage, all.enabledOnly(),
                Pagination.first(3).after(first.endCursor().orElseThrow()));
        assertThat(next.items()).containsExactly(providers.get(5));
        assertThat(next.hasNextPage()).isFalse();

        Page<UpstreamOAuthProvider> last = list(storage, all, Pagination.last(4));
        assertThat(last.items()).isEqualTo(providers.subList(2, 6));
        assertThat(last.hasPreviousPage()).isTrue();
        Page<UpstreamOAuthProvider> previous = list(storage, all,
                Pagination.last(4).before(last.startCursor().orElseThrow()));
        assertThat(previous.items()).isEqualTo(providers.subList(0, 2));
        assertThat(previous.hasPreviousPage()).isFalse();
    }

    @Test
    void allEnabledInUiOrderThenId(TestStorage storage) {
        List<UpstreamOAuthProvider> added = new ArrayList<>();
        for (int order : List.of(2, 0, 2, -1)) {
            tick(storage);
            added.add(storage.saved(s -> s.upstreamOAuthProvider().add(storage.clock(), storage.random(),
                    params("client-" + order).uiOrder(order).build())));
        }
        UpstreamOAuthProvider disabled = provider(storage, "disabled");
        tick(storage);
        storage.saved(s -> s.upstreamOAuthProvider().disable(storage.clock(), disabled));

        assertThat(storage.<List<UpstreamOAuthProvider>>read(s -> s.upstreamOAuthProvider().allEnabled()))
                .containsExactly(added.get(3), added.get(1), added.get(0), added.get(2));
    }

    @Test
    void nulInAnyTextIsRefusedNamingTheFieldAndTheSessionStaysUsable(TestStorage storage) {
        RepositorySession session = storage.factory().open().block(TestStorage.TIMEOUT);
        assertThatThrownBy(() -> session.upstreamOAuthProvider()
                .add(storage.clock(), storage.random(), params("client\0id").build()).block(TestStorage.TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientId");
        assertThatThrownBy(() -> session.upstreamOAuthProvider().add(storage.clock(), storage.random(),
                        params("client").encryptedClientSecret("se\0cret").build()).block(TestStorage.TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encryptedClientSecret")
                .hasMessageNotContaining("se\0cret");
        assertThatThrownBy(() -> session.upstreamOAuthProvider().upsert(storage.clock(),
                        Ulid.generate(storage.clock(), storage.random()),
                        params("client").additionalAuthorizationParameters(List.of(new Parameter("a\0", "b")))
                                .build()).block(TestStorage.TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("additionalAuthorizationParameters");
        assertThatThrownBy(() -> JsonValue.parse("{\"a\": \"\\u0000\"}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(session.upstreamOAuthProvider().count(UpstreamOAuthProviderFilter.all())
                .block(TestStorage.TIMEOUT)).isZero();
        session.cancel().block(TestStorage.TIMEOUT);
    }

    private static long count(TestStorage storage, UpstreamOAuthProviderFilter filter) {
        return storage.read(s -> s.upstreamOAuthProvider().count(filter));
    }

    private static Page<UpstreamOAuthProvider> list(TestStorage storage, UpstreamOAuthProviderFilter filter,
            Pagination pagination) {
        return storage.read(s -> s.upstreamOAuthProvider().list(filter, pagination));
    }
}
