package io.authstore.storage.jooq.users;

import static io.authstore.storage.jooq.users.Fixtures.upstreamAuthorizationSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.UserEmailAuthentication;
import io.authstore.storage.users.UserRegistration;
import io.authstore.storage.users.UserRegistration.RegistrationPassword;
import java.net.InetAddress;
import java.util.Optional;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MAS's own tests of its registration repository ({@code crates/storage-pg/src/user/registration.rs}), one method
 * each, in MAS's order of operations and with each of its assertions. Each step runs in a session of its own that is
 * saved; MAS's "is an error" is the typed exception authstore raises. A completed registration refuses every change
 * with {@link InvalidTransitionException}, before anything is sent.
 */
@ExtendWith(StorageExtension.class)
class MasUserRegistrationTests {

    private static UserRegistration addAlice(TestStorage storage) {
        return storage.saved(s -> s.userRegistration().add(storage.clock(), storage.random(), "alice",
                Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private static UserRegistration lookup(TestStorage storage, Ulid id) {
        UserRegistration found = storage.read(s -> s.userRegistration().lookup(id));
        assertThat(found).as("lookup of " + id).isNotNull();
        return found;
    }

    private static UserRegistration complete(TestStorage storage, UserRegistration registration) {
        return storage.saved(s -> s.userRegistration().complete(storage.clock(), registration));
    }

    /** Whether two JSON texts are the same JSON value, as PostgreSQL's jsonb compares them. */
    private static boolean sameJson(TestStorage storage, String left, String right) {
        return storage.sql().select(DSL.field(DSL.val(JSONB.valueOf(left)).eq(DSL.val(JSONB.valueOf(right)))))
                .fetchOne()
                .value1();
    }

    // MAS: test_create_lookup_complete
    @Test
    void testCreateLookupComplete(TestStorage storage) {
        UserRegistration registration = addAlice(storage);

        assertThat(registration.createdAt()).isEqualTo(storage.clock().now());
        assertThat(registration.completedAt()).isEmpty();
        assertThat(registration.username()).isEqualTo("alice");
        assertThat(registration.displayName()).isEmpty();
        assertThat(registration.termsUrl()).isEmpty();
        assertThat(registration.emailAuthenticationId()).isEmpty();
        assertThat(registration.password()).isEmpty();
        assertThat(registration.userAgent()).isEmpty();
        assertThat(registration.ipAddress()).isEmpty();
        assertThat(registration.postAuthAction()).isEmpty();

        UserRegistration lookup = lookup(storage, registration.id());

        assertThat(lookup.id()).isEqualTo(registration.id());
        assertThat(lookup.createdAt()).isEqualTo(registration.createdAt());
        assertThat(lookup.completedAt()).isEqualTo(registration.completedAt());
        assertThat(lookup.username()).isEqualTo(registration.username());
        assertThat(lookup.displayName()).isEqualTo(registration.displayName());
        assertThat(lookup.termsUrl()).isEqualTo(registration.termsUrl());
        assertThat(lookup.emailAuthenticationId()).isEqualTo(registration.emailAuthenticationId());
        assertThat(lookup.password()).isEqualTo(registration.password());
        assertThat(lookup.userAgent()).isEqualTo(registration.userAgent());
        assertThat(lookup.ipAddress()).isEqualTo(registration.ipAddress());
        assertThat(lookup.postAuthAction()).isEqualTo(registration.postAuthAction());

        UserRegistration completed = complete(storage, registration);
        assertThat(completed.completedAt()).contains(storage.clock().now());

        UserRegistration lookupAgain = lookup(storage, completed.id());
        assertThat(lookupAgain.completedAt()).isEqualTo(completed.completedAt());

        assertThatThrownBy(() -> complete(storage, completed)).isInstanceOf(InvalidTransitionException.class);
    }

    // MAS: test_create_useragent_ipaddress
    @Test
    void testCreateUseragentIpaddress(TestStorage storage) {
        InetAddress localhost = InetAddress.ofLiteral("127.0.0.1");
        String postAuthAction = "{\"action\": \"continue_compat_sso_login\", \"id\": \"01FSHN9AG0MKGTBNZ16RDR3PVY\"}";

        UserRegistration registration = storage.saved(s -> s.userRegistration().add(storage.clock(),
                storage.random(), "alice", Optional.of(localhost), Optional.of("Mozilla/5.0"),
                Optional.of(postAuthAction)));

        assertThat(registration.userAgent()).contains("Mozilla/5.0");
        assertThat(registration.ipAddress()).contains(localhost);
        // MAS compares JSON values; authstore returns the text as PostgreSQL's jsonb prints it, the same value.
        assertThat(registration.postAuthAction()).hasValueSatisfying(stored ->
                assertThat(sameJson(storage, stored, postAuthAction)).as(stored).isTrue());

        UserRegistration lookup = lookup(storage, registration.id());

        assertThat(lookup.userAgent()).isEqualTo(registration.userAgent());
        assertThat(lookup.ipAddress()).isEqualTo(registration.ipAddress());
        assertThat(lookup.postAuthAction()).isEqualTo(registration.postAuthAction());
    }

    // MAS: test_set_display_name
    @Test
    void testSetDisplayName(TestStorage storage) {
        UserRegistration registration = addAlice(storage);

        assertThat(registration.displayName()).isEmpty();

        UserRegistration alice = storage.saved(s -> s.userRegistration().setDisplayName(registration, "Alice"));

        assertThat(alice.displayName()).contains("Alice");

        assertThat(lookup(storage, alice.id()).displayName()).isEqualTo(alice.displayName());

        UserRegistration bob = storage.saved(s -> s.userRegistration().setDisplayName(alice, "Bob"));

        assertThat(bob.displayName()).contains("Bob");

        assertThat(lookup(storage, bob.id()).displayName()).isEqualTo(bob.displayName());

        UserRegistration completed = complete(storage, bob);

        assertThatThrownBy(() -> storage.saved(s -> s.userRegistration().setDisplayName(completed, "Charlie")))
                .isInstanceOf(InvalidTransitionException.class);
    }

    // MAS: test_set_terms_url
    @Test
    void testSetTermsUrl(TestStorage storage) {
        UserRegistration registration = addAlice(storage);

        assertThat(registration.termsUrl()).isEmpty();

        UserRegistration first = storage.saved(s -> s.userRegistration()
                .setTermsUrl(registration, "https://example.com/terms"));

        assertThat(first.termsUrl()).contains("https://example.com/terms");

        assertThat(lookup(storage, first.id()).termsUrl()).isEqualTo(first.termsUrl());

        UserRegistration second = storage.saved(s -> s.userRegistration()
                .setTermsUrl(first, "https://example.com/terms2"));

        assertThat(second.termsUrl()).contains("https://example.com/terms2");

        assertThat(lookup(storage, second.id()).termsUrl()).isEqualTo(second.termsUrl());

        UserRegistration completed = complete(storage, second);

        assertThatThrownBy(() -> storage.saved(s -> s.userRegistration()
                        .setTermsUrl(completed, "https://example.com/terms3")))
                .isInstanceOf(InvalidTransitionException.class);
    }

    // MAS: test_set_email_authentication
    @Test
    void testSetEmailAuthentication(TestStorage storage) {
        UserRegistration registration = addAlice(storage);

        assertThat(registration.emailAuthenticationId()).isEmpty();

        UserEmailAuthentication authentication = storage.saved(s -> s.userEmail()
                .addAuthenticationForRegistration(storage.clock(), storage.random(), "alice@example.com",
                        registration));

        UserRegistration first = storage.saved(s -> s.userRegistration()
                .setEmailAuthentication(registration, authentication));

        assertThat(first.emailAuthenticationId()).contains(authentication.id());

        assertThat(lookup(storage, first.id()).emailAuthenticationId()).isEqualTo(first.emailAuthenticationId());

        UserRegistration second = storage.saved(s -> s.userRegistration()
                .setEmailAuthentication(first, authentication));

        assertThat(second.emailAuthenticationId()).contains(authentication.id());

        assertThat(lookup(storage, second.id()).emailAuthenticationId()).isEqualTo(second.emailAuthenticationId());

        UserRegistration completed = complete(storage, second);

        assertThatThrownBy(() -> storage.saved(s -> s.userRegistration()
                        .setEmailAuthentication(completed, authentication)))
                .isInstanceOf(InvalidTransitionException.class);
    }

    // MAS: test_set_password
    @Test
    void testSetPassword(TestStorage storage) {
        UserRegistration registration = addAlice(storage);

        assertThat(registration.password()).isEmpty();

        UserRegistration first = storage.saved(s -> s.userRegistration()
                .setPassword(registration, "fakehashedpassword", 1));

        assertThat(first.password()).contains(new RegistrationPassword("fakehashedpassword", 1));

        assertThat(lookup(storage, first.id()).password()).isEqualTo(first.password());

        UserRegistration second = storage.saved(s -> s.userRegistration()
                .setPassword(first, "fakehashedpassword2", 2));

        assertThat(second.password()).contains(new RegistrationPassword("fakehashedpassword2", 2));

        assertThat(lookup(storage, second.id()).password()).isEqualTo(second.password());

        UserRegistration completed = complete(storage, second);

        assertThatThrownBy(() -> storage.saved(s -> s.userRegistration()
                        .setPassword(completed, "fakehashedpassword3", 3)))
                .isInstanceOf(InvalidTransitionException.class);
    }

    // MAS: test_set_upstream_oauth_session
    @Test
    void testSetUpstreamOauthSession(TestStorage storage) {
        UserRegistration registration = addAlice(storage);

        assertThat(registration.upstreamOAuthAuthorizationSessionId()).isEmpty();

        // MAS adds a provider and a session through their repositories; authstore has none yet, so the fixture
        // writes the two rows directly.
        Ulid session = upstreamAuthorizationSession(storage);

        UserRegistration first = storage.saved(s -> s.userRegistration()
                .setUpstreamOAuthAuthorizationSession(registration, session));

        assertThat(first.upstreamOAuthAuthorizationSessionId()).contains(session);

        assertThat(lookup(storage, first.id()).upstreamOAuthAuthorizationSessionId())
                .isEqualTo(first.upstreamOAuthAuthorizationSessionId());

        UserRegistration second = storage.saved(s -> s.userRegistration()
                .setUpstreamOAuthAuthorizationSession(first, session));

        assertThat(second.upstreamOAuthAuthorizationSessionId()).contains(session);

        assertThat(lookup(storage, second.id()).upstreamOAuthAuthorizationSessionId())
                .isEqualTo(second.upstreamOAuthAuthorizationSessionId());

        UserRegistration completed = complete(storage, second);

        assertThatThrownBy(() -> storage.saved(s -> s.userRegistration()
                        .setUpstreamOAuthAuthorizationSession(completed, session)))
                .isInstanceOf(InvalidTransitionException.class);
    }
}
