package io.authstore.storage.jooq.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.JsonValue;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.upstream.UpstreamOAuthAuthorizationSession;
import io.authstore.storage.upstream.UpstreamOAuthLinkFilter;
import io.authstore.storage.upstream.UpstreamOAuthProvider;
import io.authstore.storage.upstream.UpstreamOAuthProvider.Parameter;
import io.authstore.storage.upstream.UpstreamOAuthProvider.TokenAuthMethod;
import io.authstore.storage.upstream.UpstreamOAuthProviderParams;
import io.authstore.storage.upstream.UpstreamOAuthSessionFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The inputs of {@link RepositoryInputPropertiesTest} through the upstream and policy repositories: any text is
 * stored and read back exactly, in text columns and inside jsonb values, and matches filters literally; NUL is
 * refused before the driver, naming the field, with the session still usable.
 */
@ExtendWith(Generators.SeedInFailureMessage.class)
class UpstreamInputPropertiesTest {

    private static TestStorage storage;

    @BeforeAll
    static void openStorage() {
        storage = TestStorage.fresh();
    }

    @AfterAll
    static void closeStorage() {
        storage.closeAndDrop();
    }

    private static <T> T inSession(Function<RepositorySession, Mono<T>> work) {
        return storage.read(work);
    }

    private static UpstreamOAuthProviderParams params(String value) {
        return UpstreamOAuthProviderParams.builder(value, value, TokenAuthMethod.NONE)
                .issuer(value).humanName(value).brandName(value).encryptedClientSecret(value)
                .claimsImports(JsonValue.parse("{\"template\": " + JsonValue.quote(value) + "}"))
                .additionalAuthorizationParameters(List.of(new Parameter(value, value)))
                .build();
    }

    @ParameterizedTest
    @MethodSource("io.authstore.storage.jooq.properties.RepositoryInputPropertiesTest#texts")
    void anyTextIsStoredAndReadBackExactly(String value) {
        record ReadBack(UpstreamOAuthProvider provider, String subject, String humanAccountName, long matches,
                UpstreamOAuthAuthorizationSession session, long bySub, JsonValue policy) {}
        ReadBack readBack = inSession(session -> session.upstreamOAuthProvider()
                .add(storage.clock(), storage.random(), params(value))
                .flatMap(added -> session.upstreamOAuthProvider().lookup(added.id()))
                .flatMap(provider -> session.upstreamOAuthLink()
                        .add(storage.clock(), storage.random(), provider, "bystander", Optional.of("zzzz"))
                        .then(session.upstreamOAuthLink()
                                .add(storage.clock(), storage.random(), provider, value, Optional.of(value)))
                        .then(session.upstreamOAuthLink().findBySubject(provider, value))
                        .flatMap(link -> session.upstreamOAuthSession()
                                .add(storage.clock(), storage.random(), provider, value, Optional.of(value),
                                        Optional.of(value))
                                .flatMap(pending -> session.upstreamOAuthSession().completeWithLink(storage.clock(),
                                        pending, link, Optional.of(value),
                                        Optional.of(JsonValue.parse("{\"sub\": " + JsonValue.quote(value) + "}")),
                                        Optional.empty(), Optional.empty()))
                                .flatMap(completed -> session.upstreamOAuthSession().lookup(completed.id()))
                                .flatMap(found -> Mono.zip(
                                        session.upstreamOAuthLink().count(UpstreamOAuthLinkFilter.all()
                                                .matchingHumanAccountName(value)),
                                        session.upstreamOAuthSession().count(UpstreamOAuthSessionFilter.all()
                                                .subClaim(value)),
                                        session.policyData().set(storage.clock(), storage.random(),
                                                JsonValue.string(value)).then(session.policyData().get()))
                                        .map(counts -> new ReadBack(provider, link.subject(),
                                                link.humanAccountName().orElseThrow(), counts.getT1(), found,
                                                counts.getT2(), counts.getT3().data()))))));

        UpstreamOAuthProvider provider = readBack.provider();
        assertThat(List.of(provider.clientId(), provider.scope(), provider.issuer().orElseThrow(),
                provider.humanName().orElseThrow(), provider.brandName().orElseThrow(),
                provider.encryptedClientSecret().orElseThrow())).containsOnly(value);
        assertThat(provider.claimsImports().get("template").flatMap(JsonValue::asString)).contains(value);
        assertThat(provider.additionalAuthorizationParameters()).containsExactly(new Parameter(value, value));
        assertThat(readBack.subject()).isEqualTo(value);
        assertThat(readBack.humanAccountName()).isEqualTo(value);
        UpstreamOAuthAuthorizationSession session = readBack.session();
        assertThat(List.of(session.stateParameter(), session.codeChallengeVerifier().orElseThrow(),
                session.nonce().orElseThrow(), session.idToken().orElseThrow())).containsOnly(value);
        assertThat(readBack.bySub()).isEqualTo(1);
        assertThat(readBack.policy().asString()).contains(value);
        boolean alsoMatchesTheBystander = value.length() <= 4 && value.chars().allMatch(c -> c == 'z' || c == 'Z');
        assertThat(readBack.matches()).as("the search matches the text literally, wildcards included")
                .isEqualTo(alsoMatchesTheBystander ? 2L : 1L);
    }

    @ParameterizedTest
    @MethodSource("io.authstore.storage.jooq.properties.RepositoryInputPropertiesTest#textsWithNul")
    void nulIsRefusedBeforeTheDriverNamingTheFieldAndTheSessionStaysUsable(String value) {
        List<Throwable> refusals = new ArrayList<>();
        Long providers = inSession(session -> session.upstreamOAuthProvider()
                .add(storage.clock(), storage.random(), params("owner"))
                .flatMap(provider -> session.upstreamOAuthLink()
                        .add(storage.clock(), storage.random(), provider, "subject", Optional.empty())
                        .flatMap(link -> session.upstreamOAuthSession()
                                .add(storage.clock(), storage.random(), provider, "state", Optional.empty(),
                                        Optional.empty())
                                .flatMap(pending -> {
                                    List<Mono<?>> attempts = List.of(
                                            session.upstreamOAuthProvider().add(storage.clock(), storage.random(),
                                                    UpstreamOAuthProviderParams.builder(value, "openid",
                                                            TokenAuthMethod.NONE).build()),
                                            session.upstreamOAuthProvider().upsert(storage.clock(), provider.id(),
                                                    UpstreamOAuthProviderParams.builder("client", "openid",
                                                            TokenAuthMethod.NONE).encryptedClientSecret(value)
                                                            .build()),
                                            session.upstreamOAuthLink().add(storage.clock(), storage.random(),
                                                    provider, value, Optional.empty()),
                                            session.upstreamOAuthLink().add(storage.clock(), storage.random(),
                                                    provider, "other", Optional.of(value)),
                                            session.upstreamOAuthLink().findBySubject(provider, value),
                                            session.upstreamOAuthLink().count(UpstreamOAuthLinkFilter.all()
                                                    .subject(value)),
                                            session.upstreamOAuthLink().count(UpstreamOAuthLinkFilter.all()
                                                    .matchingHumanAccountName(value)),
                                            session.upstreamOAuthSession().add(storage.clock(), storage.random(),
                                                    provider, value, Optional.empty(), Optional.empty()),
                                            session.upstreamOAuthSession().add(storage.clock(), storage.random(),
                                                    provider, "s2", Optional.of(value), Optional.empty()),
                                            session.upstreamOAuthSession().add(storage.clock(), storage.random(),
                                                    provider, "s3", Optional.empty(), Optional.of(value)),
                                            session.upstreamOAuthSession().completeWithLink(storage.clock(), pending,
                                                    link, Optional.of(value), Optional.empty(), Optional.empty(),
                                                    Optional.empty()),
                                            Mono.fromCallable(() -> UpstreamOAuthSessionFilter.all().subClaim(value)),
                                            Mono.fromCallable(() -> UpstreamOAuthSessionFilter.all().sidClaim(value)),
                                            Mono.fromCallable(() -> JsonValue.string(value)));
                                    return Flux.fromIterable(attempts)
                                            .concatMap(attempt -> attempt.then(Mono.<Throwable>empty())
                                                    .onErrorResume(Mono::just))
                                            .doOnNext(refusals::add)
                                            .then(session.upstreamOAuthProvider()
                                                    .count(io.authstore.storage.upstream.UpstreamOAuthProviderFilter
                                                            .all()));
                                }))));

        assertThat(refusals).hasSize(14).allSatisfy(refusal -> assertThat(refusal)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(value));
        assertThat(refusals.subList(0, 13)).allSatisfy(refusal -> assertThat(refusal)
                .hasMessageContaining("contains a NUL character"));
        assertThat(providers).as("the session went on after every refusal").isEqualTo(1);
    }
}
