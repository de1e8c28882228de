package io.authstore.storage.jooq.oauth2;

import static io.authstore.snapshot.Tables.OAUTH2_ACCESS_TOKENS;
import static io.authstore.snapshot.Tables.OAUTH2_AUTHORIZATION_GRANTS;
import static io.authstore.snapshot.Tables.OAUTH2_DEVICE_CODE_GRANT;
import static io.authstore.snapshot.Tables.OAUTH2_REFRESH_TOKENS;
import static io.authstore.snapshot.Tables.OAUTH2_SESSIONS;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.accessToken;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.browserSession;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.client;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.session;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.ConflictException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.oauth2.AccessToken;
import io.authstore.storage.oauth2.AuthorizationGrantParams;
import io.authstore.storage.oauth2.ClientKeys;
import io.authstore.storage.oauth2.DeviceCodeGrantParams;
import io.authstore.storage.oauth2.GrantType;
import io.authstore.storage.oauth2.OAuth2Client;
import io.authstore.storage.oauth2.OAuth2ClientFilter;
import io.authstore.storage.oauth2.OAuth2ClientMetadata;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.ResponseMode;
import io.authstore.storage.oauth2.Scope;
import io.authstore.storage.users.User;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

@ExtendWith(StorageExtension.class)
class OAuth2ClientRepositoryTest {

    private static OAuth2Client lookup(TestStorage storage, Ulid id) {
        return storage.read(s -> s.oauth2Client().lookup(id));
    }

    @Test
    void addStoresEveryFieldAndLookupsFindItOrNothing(TestStorage storage) {
        OAuth2ClientMetadata metadata = OAuth2ClientMetadata.builder()
                .redirectUris("https://app.example.com/cb", "https://app.example.com/cb2")
                .metadataDigest("digest-1")
                .encryptedClientSecret("encrypted-secret")
                .applicationType("web")
                .grantTypes(GrantType.DEVICE_CODE, GrantType.AUTHORIZATION_CODE)
                .clientName("App")
                .logoUri("https://app.example.com/logo.png")
                .clientUri("https://app.example.com/")
                .policyUri("https://app.example.com/policy")
                .tosUri("https://app.example.com/tos")
                .keys(new ClientKeys.Jwks("{\"keys\": []}"))
                .idTokenSignedResponseAlg("RS256")
                .userinfoSignedResponseAlg("ES256")
                .tokenEndpointAuthMethod("client_secret_basic")
                .tokenEndpointAuthSigningAlg("HS256")
                .initiateLoginUri("https://app.example.com/login")
                .build();
        OAuth2Client client = storage.saved(s -> s.oauth2Client().add(storage.clock(), storage.random(), metadata));

        assertThat(client.clientId()).isEqualTo(client.id().toString());
        assertThat(client.grantTypes()).as("in the fixed order")
                .containsExactly(GrantType.AUTHORIZATION_CODE, GrantType.DEVICE_CODE);
        assertThat(client.redirectUris()).containsExactlyElementsOf(metadata.redirectUris());
        assertThat(client.keys()).contains(new ClientKeys.Jwks("{\"keys\": []}"));
        assertThat(client.encryptedClientSecret()).contains("encrypted-secret");
        assertThat(client.isStatic()).isFalse();
        assertThat(client.createdAt()).contains(storage.clock().now());
        assertThat(client.toString()).doesNotContain("encrypted-secret");
        assertThat(lookup(storage, client.id())).isEqualTo(client);
        assertThat(storage.<OAuth2Client>read(s -> s.oauth2Client().findByClientId(client.clientId())))
                .isEqualTo(client);
        assertThat(storage.<OAuth2Client>read(s -> s.oauth2Client().findByMetadataDigest("digest-1")))
                .isEqualTo(client);

        assertThat(lookup(storage, Ulid.minAt(Instant.EPOCH))).isNull();
        assertThat(storage.<OAuth2Client>read(s -> s.oauth2Client().findByClientId("not-a-ulid"))).isNull();
        assertThat(storage.<OAuth2Client>read(s -> s.oauth2Client()
                .findByClientId(Ulid.minAt(Instant.EPOCH).toString()))).isNull();
        assertThat(storage.<OAuth2Client>read(s -> s.oauth2Client().findByMetadataDigest("other"))).isNull();
    }

    @Test
    void aTakenMetadataDigestIsAConflictThatLeavesTheSessionUsable(TestStorage storage) {
        OAuth2ClientMetadata metadata = OAuth2ClientMetadata.builder().metadataDigest("same")
                .grantTypes(GrantType.CLIENT_CREDENTIALS).build();
        storage.saved(s -> s.oauth2Client().add(storage.clock(), storage.random(), metadata));

        OAuth2Client other = storage.saved(s -> s.oauth2Client().add(storage.clock(), storage.random(), metadata)
                .onErrorResume(ConflictException.class, conflict -> {
                    assertThat(conflict.constraint()).isEqualTo("oauth2_clients_metadata_digest_key");
                    return s.oauth2Client().add(storage.clock(), storage.random(),
                            OAuth2ClientMetadata.builder().metadataDigest("different").build());
                }));
        assertThat(other.metadataDigest()).contains("different");
        assertThat(storage.<Long>read(s -> s.oauth2Client().count(OAuth2ClientFilter.all()))).isEqualTo(2);
    }

    @Test
    void nulInAnyTextIsRefusedBeforeAnythingIsSent(TestStorage storage) {
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2Client().add(storage.clock(), storage.random(),
                OAuth2ClientMetadata.builder().clientName("a\0b").build())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clientName");
        assertThatThrownBy(() -> storage.read(s -> s.oauth2Client().findByMetadataDigest("a\0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("digest");
        assertThatThrownBy(() -> storage.read(s -> s.oauth2Client()
                .count(OAuth2ClientFilter.all().matchingClientName("\0"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadBatchReadsTheGivenClientsInOneQuery(TestStorage storage) {
        OAuth2Client a = client(storage, "a");
        OAuth2Client b = client(storage, "b");
        client(storage, "c");
        Map<Ulid, OAuth2Client> batch = storage.read(s -> s.oauth2Client()
                .loadBatch(List.of(b.id(), a.id(), a.id(), Ulid.minAt(Instant.EPOCH))));
        assertThat(batch).containsOnlyKeys(a.id(), b.id());
        assertThat(batch.get(a.id())).isEqualTo(a);
        assertThat(storage.<Map<Ulid, OAuth2Client>>read(s -> s.oauth2Client().loadBatch(List.of()))).isEmpty();
    }

    @Test
    void upsertStaticCreatesThenReplacesAndAllStaticListsOnlyThem(TestStorage storage) {
        client(storage, "dynamic");
        Ulid id = Ulid.generate(storage.clock(), storage.random());
        OAuth2Client created = storage.saved(s -> s.oauth2Client().upsertStatic(id, Optional.of("Static"),
                Optional.of(URI.create("https://static.example.com/")), "client_secret_post",
                Optional.of("encrypted-1"), Optional.empty(), List.of(URI.create("https://static.example.com/cb"))));
        assertThat(created.isStatic()).isTrue();
        assertThat(created.grantTypes()).containsExactly(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN,
                GrantType.CLIENT_CREDENTIALS, GrantType.DEVICE_CODE);
        assertThat(created.createdAt()).isEmpty();
        assertThat(lookup(storage, id)).isEqualTo(created);

        OAuth2Client replaced = storage.saved(s -> s.oauth2Client().upsertStatic(id, Optional.empty(),
                Optional.empty(), "private_key_jwt", Optional.empty(),
                Optional.of(new ClientKeys.JwksUri(URI.create("https://static.example.com/jwks"))), List.of()));
        assertThat(replaced.clientName()).isEmpty();
        assertThat(replaced.encryptedClientSecret()).isEmpty();
        assertThat(replaced.tokenEndpointAuthMethod()).contains("private_key_jwt");
        assertThat(replaced.keys()).contains(new ClientKeys.JwksUri(URI.create("https://static.example.com/jwks")));
        assertThat(replaced.redirectUris()).isEmpty();
        assertThat(lookup(storage, id)).isEqualTo(replaced);

        assertThat(storage.<List<OAuth2Client>>read(s -> s.oauth2Client().allStatic())).containsExactly(replaced);
    }

    @Test
    void deleteRemovesTheClientWithWhatHangsOnItAndARepeatIsNotAffected(TestStorage storage) {
        User alice = user(storage, "alice");
        var browser = browserSession(storage, alice);
        OAuth2Client doomed = client(storage, "doomed");
        OAuth2Client kept = client(storage, "kept");
        OAuth2Session session = session(storage, doomed, browser, Scope.of(Scope.OPENID));
        OAuth2Session keptSession = session(storage, kept, browser, Scope.of(Scope.OPENID));
        AccessToken token = accessToken(storage, session, "doomed-access", Optional.empty());
        storage.saved(s -> s.oauth2RefreshToken().add(storage.clock(), storage.random(), session, token,
                "doomed-refresh"));
        storage.saved(s -> s.oauth2AuthorizationGrant().add(storage.clock(), storage.random(), doomed,
                new AuthorizationGrantParams(URI.create("https://doomed.example.com/redirect"), Scope.of("openid"),
                        Optional.empty(), Optional.empty(), Optional.empty(), ResponseMode.QUERY, false,
                        Optional.empty(), Optional.empty(), Map.of())));
        storage.saved(s -> s.oauth2DeviceCodeGrant().add(storage.clock(), storage.random(),
                new DeviceCodeGrantParams(doomed, Scope.of("openid"), "dc", "uc", Duration.ofMinutes(5),
                        Optional.empty(), Optional.empty())));

        storage.saved(s -> s.oauth2Client().delete(doomed).thenReturn(true));

        assertThat(lookup(storage, doomed.id())).isNull();
        assertThat(storage.sql().fetchCount(OAUTH2_SESSIONS)).isEqualTo(1);
        assertThat(storage.<OAuth2Session>read(s -> s.oauth2Session().lookup(keptSession.id())))
                .isEqualTo(keptSession);
        assertThat(storage.sql().fetchCount(OAUTH2_ACCESS_TOKENS)).isZero();
        assertThat(storage.sql().fetchCount(OAUTH2_REFRESH_TOKENS)).isZero();
        assertThat(storage.sql().fetchCount(OAUTH2_AUTHORIZATION_GRANTS)).isZero();
        assertThat(storage.sql().fetchCount(OAUTH2_DEVICE_CODE_GRANT)).isZero();

        assertThatThrownBy(() -> storage.saved(s -> s.oauth2Client().deleteById(doomed.id()).thenReturn(true)))
                .isInstanceOf(NotAffectedException.class);
    }

    @Test
    void listPaginatesBothWaysAndSearchesMatchPercentLiterally(TestStorage storage) {
        List<OAuth2Client> clients = Flux.range(0, 5).map(i -> client(storage, "c" + i)).collectList().block();
        OAuth2Client percent = storage.saved(s -> s.oauth2Client().add(storage.clock(), storage.random(),
                OAuth2ClientMetadata.builder().clientName("100%").build()));

        Page<OAuth2Client> first = storage.read(s -> s.oauth2Client().list(OAuth2ClientFilter.all(),
                Pagination.first(2)));
        assertThat(first.items()).containsExactlyElementsOf(clients.subList(0, 2));
        assertThat(first.hasNextPage()).isTrue();
        Page<OAuth2Client> next = storage.read(s -> s.oauth2Client().list(OAuth2ClientFilter.all(),
                Pagination.first(2).after(first.endCursor().orElseThrow())));
        assertThat(next.items()).containsExactlyElementsOf(clients.subList(2, 4));
        Page<OAuth2Client> last = storage.read(s -> s.oauth2Client().list(OAuth2ClientFilter.all(),
                Pagination.last(2)));
        assertThat(last.items()).containsExactly(clients.get(4), percent);
        assertThat(last.hasPreviousPage()).isTrue();
        Page<OAuth2Client> before = storage.read(s -> s.oauth2Client().list(OAuth2ClientFilter.all(),
                Pagination.last(3).before(next.startCursor().orElseThrow())));
        assertThat(before.items()).containsExactlyElementsOf(clients.subList(0, 2));
        assertThat(before.hasPreviousPage()).isFalse();

        assertThat(storage.<Page<OAuth2Client>>read(s -> s.oauth2Client()
                .list(OAuth2ClientFilter.all().matchingClientName("%"), Pagination.first(10))).items())
                .containsExactly(percent);
        assertThat(storage.<Long>read(s -> s.oauth2Client().count(OAuth2ClientFilter.all().onlyDynamic()
                .matchingClientUri("C1.EXAMPLE").withGrantType(GrantType.REFRESH_TOKEN)))).isEqualTo(1);
    }
}
