package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.USER_EMAIL_AUTHENTICATIONS;
import static io.authstore.snapshot.Tables.USER_REGISTRATIONS;
import static io.authstore.storage.jooq.Convert.timestamp;
import static io.authstore.storage.jooq.users.Fixtures.upstreamAuthorizationSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.Cleanup;
import io.authstore.storage.DatabaseException;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.UserEmailAuthentication;
import io.authstore.storage.users.UserRegistration.RegistrationPassword;
import io.authstore.storage.users.UserRegistration;
import io.authstore.storage.users.UserRegistrationToken;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.postgres.extensions.types.Inet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

@ExtendWith(StorageExtension.class)
class UserRegistrationRepositoryTest {

    private static final InetAddress ADDRESS = InetAddress.ofLiteral("2001:db8::1");
    /** As PostgreSQL prints jsonb (keys sorted, a space after each separator), so it comes back equal. */
    private static final String POST_AUTH_ACTION = "{\"id\": \"01KC0000000000000000000000\", \"kind\": \"grant\"}";

    private static UserRegistration add(TestStorage storage, String username) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(session -> session.userRegistration().add(storage.clock(), storage.random(), username,
                Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private static UserRegistration lookup(TestStorage storage, UserRegistration registration) {
        return storage.read(session -> session.userRegistration().lookup(registration.id()));
    }

    private static UserEmailAuthentication emailAuthentication(TestStorage storage, UserRegistration registration) {
        return storage.saved(session -> session.userEmail().addAuthenticationForRegistration(
                storage.clock(), storage.random(), registration.username() + "@example.org", registration));
    }

    private static UserRegistrationToken registrationToken(TestStorage storage, String token) {
        return storage.saved(session -> session.userRegistrationToken()
                .add(storage.clock(), storage.random(), token, Optional.empty(), Optional.empty()));
    }

    @Test
    void addedRegistrationIsFoundByIdWithWhatWasGiven(TestStorage storage) {
        storage.clock().advance(Duration.ofSeconds(1));
        UserRegistration alice = storage.saved(session -> session.userRegistration().add(storage.clock(),
                storage.random(), "alice", Optional.of(ADDRESS), Optional.of("Firefox"),
                Optional.of(POST_AUTH_ACTION)));

        assertThat(alice.username()).isEqualTo("alice");
        assertThat(alice.ipAddress()).contains(ADDRESS);
        assertThat(alice.userAgent()).contains("Firefox");
        assertThat(alice.postAuthAction()).contains(POST_AUTH_ACTION);
        assertThat(alice.createdAt()).isEqualTo(storage.clock().now());
        assertThat(alice.id().timestamp()).isEqualTo(storage.clock().now());
        assertThat(alice.displayName()).isEmpty();
        assertThat(alice.termsUrl()).isEmpty();
        assertThat(alice.emailAuthenticationId()).isEmpty();
        assertThat(alice.password()).isEmpty();
        assertThat(alice.userRegistrationTokenId()).isEmpty();
        assertThat(alice.upstreamOAuthAuthorizationSessionId()).isEmpty();
        assertThat(alice.completedAt()).isEmpty();
        assertThat(lookup(storage, alice)).isEqualTo(alice);

        UserRegistration bare = add(storage, "bob");
        assertThat(bare.ipAddress()).isEmpty();
        assertThat(bare.userAgent()).isEmpty();
        assertThat(bare.postAuthAction()).isEmpty();
        assertThat(lookup(storage, bare)).isEqualTo(bare);
    }

    @Test
    void lookupOfAnAbsentIdIsEmptyNotAnError(TestStorage storage) {
        add(storage, "alice");
        assertThat(storage.<UserRegistration>read(session -> session.userRegistration()
                .lookup(Ulid.parse("01KC0000000000000000000000")))).isNull();
    }

    @Test
    void eachSetterStoresItsValue(TestStorage storage) {
        UserRegistration registration = add(storage, "alice");
        UserEmailAuthentication authentication = emailAuthentication(storage, registration);
        UserRegistrationToken token = registrationToken(storage, "invite");
        Ulid upstream = upstreamAuthorizationSession(storage);

        UserRegistration named = storage.saved(s -> s.userRegistration().setDisplayName(registration, "Alice"));
        assertThat(named.displayName()).contains("Alice");
        assertThat(lookup(storage, registration)).isEqualTo(named);

        UserRegistration withTerms = storage.saved(s -> s.userRegistration()
                .setTermsUrl(named, "https://example.org/tos"));
        assertThat(withTerms.termsUrl()).contains("https://example.org/tos");
        assertThat(lookup(storage, registration)).isEqualTo(withTerms);

        UserRegistration withEmail = storage.saved(s -> s.userRegistration()
                .setEmailAuthentication(withTerms, authentication));
        assertThat(withEmail.emailAuthenticationId()).contains(authentication.id());
        assertThat(lookup(storage, registration)).isEqualTo(withEmail);

        UserRegistration withPassword = storage.saved(s -> s.userRegistration()
                .setPassword(withEmail, "$argon2id$hash", 2));
        assertThat(withPassword.password()).contains(new RegistrationPassword("$argon2id$hash", 2));
        assertThat(lookup(storage, registration)).isEqualTo(withPassword);

        UserRegistration withToken = storage.saved(s -> s.userRegistration()
                .setRegistrationToken(withPassword, token));
        assertThat(withToken.userRegistrationTokenId()).contains(token.id());
        assertThat(lookup(storage, registration)).isEqualTo(withToken);

        UserRegistration withUpstream = storage.saved(s -> s.userRegistration()
                .setUpstreamOAuthAuthorizationSession(withToken, upstream));
        assertThat(withUpstream.upstreamOAuthAuthorizationSessionId()).contains(upstream);
        assertThat(lookup(storage, registration)).isEqualTo(withUpstream);

        UserRegistration renamed = storage.saved(s -> s.userRegistration().setDisplayName(withUpstream, "Al"));
        assertThat(renamed.displayName()).as("an open registration can change its mind").contains("Al");

        storage.clock().advance(Duration.ofMinutes(5));
        UserRegistration completed = storage.saved(s -> s.userRegistration().complete(storage.clock(), renamed));
        assertThat(completed.completedAt()).contains(storage.clock().now());
        assertThat(completed.isCompleted()).isTrue();
        assertThat(lookup(storage, registration)).isEqualTo(completed);
    }

    /** Every change of a registration, applied to {@code registration}. */
    private static Map<String, Function<RepositorySession, Mono<UserRegistration>>> changes(
            TestStorage storage, UserRegistration registration) {
        UserEmailAuthentication authentication = emailAuthentication(storage, registration);
        UserRegistrationToken token = registrationToken(storage, "invite-" + registration.id());
        Ulid upstream = upstreamAuthorizationSession(storage);
        return Map.of(
                "set_display_name", s -> s.userRegistration().setDisplayName(registration, "Alice"),
                "set_terms_url", s -> s.userRegistration().setTermsUrl(registration, "https://example.org/tos"),
                "set_email_authentication", s -> s.userRegistration()
                        .setEmailAuthentication(registration, authentication),
                "set_password", s -> s.userRegistration().setPassword(registration, "$argon2id$hash", 2),
                "set_registration_token", s -> s.userRegistration().setRegistrationToken(registration, token),
                "set_upstream_oauth_authorization_session", s -> s.userRegistration()
                        .setUpstreamOAuthAuthorizationSession(registration, upstream),
                "complete", s -> s.userRegistration().complete(storage.clock(), registration));
    }

    @Test
    void aCompletedRegistrationRefusesEveryChange(TestStorage storage) {
        UserRegistration open = add(storage, "alice");
        UserRegistration completed = storage.saved(s -> s.userRegistration().complete(storage.clock(), open));

        changes(storage, completed).forEach((operation, change) ->
                assertThatThrownBy(() -> storage.saved(change))
                        .as(operation)
                        .isInstanceOf(InvalidTransitionException.class)
                        .hasMessageContaining(completed.id().toString())
                        .hasMessageContaining("no longer changes"));
        assertThat(lookup(storage, open)).isEqualTo(completed);
    }

    @Test
    void aStaleOpenCopyOfACompletedRegistrationIsNotAffected(TestStorage storage) {
        UserRegistration open = add(storage, "alice");
        UserRegistration completed = storage.saved(s -> s.userRegistration().complete(storage.clock(), open));

        changes(storage, open).forEach((operation, change) ->
                assertThatThrownBy(() -> storage.saved(change))
                        .as(operation)
                        .isInstanceOf(NotAffectedException.class)
                        .hasMessageContaining("db.user_registration." + operation)
                        .hasMessageContaining(open.id().toString()));
        assertThat(lookup(storage, open)).isEqualTo(completed);
    }

    @Test
    void aRepeatSucceedsAndAStaleOpenCopyGetsTheOtherColumnsAsStored(TestStorage storage) {
        UserRegistration open = add(storage, "alice");
        UserRegistration named = storage.saved(s -> s.userRegistration().setDisplayName(open, "Alice"));
        UserRegistration again = storage.saved(s -> s.userRegistration().setDisplayName(named, "Alice"));
        assertThat(again).as("setting the same value again succeeds, as in MAS").isEqualTo(named);

        UserRegistration withPassword = storage.saved(s -> s.userRegistration()
                .setPassword(open, "$argon2id$hash", 2));
        assertThat(withPassword.displayName()).as("the copy had no display name; the row has one").contains("Alice");
        assertThat(withPassword.password()).contains(new RegistrationPassword("$argon2id$hash", 2));
        assertThat(lookup(storage, open)).isEqualTo(withPassword);

        storage.clock().advance(Duration.ofMinutes(1));
        UserRegistration completed = storage.saved(s -> s.userRegistration().complete(storage.clock(), open));
        assertThat(completed.completedAt()).contains(storage.clock().now());
        assertThat(completed.displayName()).contains("Alice");
        assertThat(completed).isEqualTo(lookup(storage, open));
    }

    @Test
    void completingAgainFailsAndKeepsTheFirstCompletionTime(TestStorage storage) {
        UserRegistration open = add(storage, "alice");
        UserRegistration completed = storage.saved(s -> s.userRegistration().complete(storage.clock(), open));
        storage.clock().advance(Duration.ofMinutes(1));

        assertThatThrownBy(() -> storage.saved(s -> s.userRegistration().complete(storage.clock(), completed)))
                .isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> storage.saved(s -> s.userRegistration().complete(storage.clock(), open)))
                .isInstanceOf(NotAffectedException.class)
                .hasMessageContaining("db.user_registration.complete");
        assertThat(lookup(storage, open).completedAt()).isEqualTo(completed.completedAt());
    }

    @Test
    void changingAnAbsentRegistrationIsNotAffected(TestStorage storage) {
        UserRegistration ghost = new UserRegistration(Ulid.parse("01KC0000000000000000000000"), "ghost",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), TestStorage.START,
                Optional.empty());
        assertThatThrownBy(() -> storage.saved(s -> s.userRegistration().setDisplayName(ghost, "Ghost")))
                .isInstanceOf(NotAffectedException.class);
        assertThatThrownBy(() -> storage.saved(s -> s.userRegistration().complete(storage.clock(), ghost)))
                .isInstanceOf(NotAffectedException.class);
    }

    @Test
    void aTokenThatDoesNotExistIsRefusedByTheDatabase(TestStorage storage) {
        UserRegistration registration = add(storage, "alice");
        UserRegistrationToken ghost = new UserRegistrationToken(Ulid.parse("01KC0000000000000000000000"), "ghost",
                Optional.empty(), 0, TestStorage.START, Optional.empty(), Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> storage.saved(s -> s.userRegistration().setRegistrationToken(registration, ghost)))
                .isInstanceOf(DatabaseException.class)
                .satisfies(error -> assertThat(((DatabaseException) error).sqlState()).contains("23503"));
        assertThat(lookup(storage, registration)).isEqualTo(registration);
    }

    @Test
    void aPasswordHashWithoutItsVersionOrTheReverseIsAnInconsistency(TestStorage storage) {
        Ulid hashOnly = insertRegistration(storage, "hash_only", "$argon2id$secret-hash", null);
        Ulid versionOnly = insertRegistration(storage, "version_only", null, 2);

        assertThatThrownBy(() -> storage.read(s -> s.userRegistration().lookup(hashOnly)))
                .isInstanceOf(InconsistencyException.class)
                .hasMessageContaining(hashOnly.toString())
                .hasMessageNotContaining("secret-hash")
                .satisfies(error -> {
                    InconsistencyException inconsistency = (InconsistencyException) error;
                    assertThat(inconsistency.table()).isEqualTo("user_registrations");
                    assertThat(inconsistency.column()).isEqualTo("hashed_password_version");
                    assertThat(inconsistency.id()).isEqualTo(hashOnly);
                });
        assertThatThrownBy(() -> storage.read(s -> s.userRegistration().lookup(versionOnly)))
                .isInstanceOf(InconsistencyException.class)
                .satisfies(error -> assertThat(((InconsistencyException) error).column())
                        .isEqualTo("hashed_password"));
    }

    private static Ulid insertRegistration(TestStorage storage, String username, String hash, Integer version) {
        Ulid id = Ulid.generate(storage.clock(), storage.random());
        storage.sql().insertInto(USER_REGISTRATIONS)
                .set(USER_REGISTRATIONS.USER_REGISTRATION_ID, id.toUuid())
                .set(USER_REGISTRATIONS.USERNAME, username)
                .set(USER_REGISTRATIONS.HASHED_PASSWORD, hash)
                .set(USER_REGISTRATIONS.HASHED_PASSWORD_VERSION, version)
                .set(USER_REGISTRATIONS.IP_ADDRESS, Inet.valueOf(ADDRESS))
                .set(USER_REGISTRATIONS.CREATED_AT, timestamp(storage.clock().now()))
                .execute();
        return id;
    }

    @Test
    void anErrorInsideTheSessionLeavesNothingWritten(TestStorage storage) {
        Mono<UserRegistration> failing = storage.factory().transaction(session -> session.userRegistration()
                .add(storage.clock(), storage.random(), "doomed", Optional.empty(), Optional.empty(),
                        Optional.empty())
                .then(Mono.error(new RuntimeException("boom"))));

        assertThatThrownBy(() -> failing.block(TestStorage.TIMEOUT)).hasMessageContaining("boom");
        assertThat(storage.sql().fetchCount(USER_REGISTRATIONS)).isZero();
    }

    @Test
    void cleanupDeletesInBatchesResumingFromTheCursor(TestStorage storage) {
        List<UserRegistration> registrations = List.of(
                add(storage, "r0"), add(storage, "r1"), add(storage, "r2"), add(storage, "r3"), add(storage, "r4"));
        UserEmailAuthentication authentication = emailAuthentication(storage, registrations.get(1));
        storage.saved(s -> s.userRegistration().setEmailAuthentication(registrations.get(1), authentication));
        UserRegistration atUntil = add(storage, "r5");
        Instant until = atUntil.createdAt();

        Cleanup first = cleanup(storage, null, until, 2);
        assertThat(first).isEqualTo(new Cleanup(2, Optional.of(registrations.get(1).createdAt())));
        assertThat(first.mayHaveMore(2)).isTrue();
        assertThat(storage.sql().fetchCount(USER_EMAIL_AUTHENTICATIONS))
                .as("e-mail authentications go with their registration").isZero();

        Cleanup second = cleanup(storage, first.resumeFrom().orElseThrow(), until, 2);
        assertThat(second).isEqualTo(new Cleanup(2, Optional.of(registrations.get(3).createdAt())));

        Cleanup third = cleanup(storage, second.resumeFrom().orElseThrow(), until, 2);
        assertThat(third).isEqualTo(new Cleanup(1, Optional.of(registrations.get(4).createdAt())));
        assertThat(third.mayHaveMore(2)).isFalse();

        assertThat(cleanup(storage, third.resumeFrom().orElseThrow(), until, 2)).isEqualTo(Cleanup.NOTHING);
        assertThat(registrations).allSatisfy(gone -> assertThat(lookup(storage, gone)).isNull());
        assertThat(lookup(storage, atUntil)).as("until is exclusive").isEqualTo(atUntil);
    }

    @Test
    void cleanupKeepsWhatWasCreatedBeforeSince(TestStorage storage) {
        UserRegistration before = add(storage, "before");
        UserRegistration atSince = add(storage, "at_since");
        UserRegistration atUntil = add(storage, "at_until");

        assertThat(cleanup(storage, atSince.createdAt(), atUntil.createdAt(), 10))
                .isEqualTo(new Cleanup(1, Optional.of(atSince.createdAt())));
        assertThat(lookup(storage, before)).isEqualTo(before);
        assertThat(lookup(storage, atSince)).as("since is inclusive").isNull();
        assertThat(lookup(storage, atUntil)).isEqualTo(atUntil);
    }

    @Test
    void cleanupResumesAmongRowsCreatedAtTheSameInstant(TestStorage storage) {
        UserRegistration one = add(storage, "one");
        UserRegistration two = storage.saved(session -> session.userRegistration().add(storage.clock(),
                storage.random(), "two", Optional.empty(), Optional.empty(), Optional.empty()));
        Instant until = storage.clock().now().plusSeconds(1);

        Cleanup first = cleanup(storage, null, until, 1);
        assertThat(first).isEqualTo(new Cleanup(1, Optional.of(one.createdAt())));
        Cleanup second = cleanup(storage, first.resumeFrom().orElseThrow(), until, 1);
        assertThat(second).as("the twin is not skipped").isEqualTo(new Cleanup(1, Optional.of(two.createdAt())));
        assertThat(cleanup(storage, second.resumeFrom().orElseThrow(), until, 1)).isEqualTo(Cleanup.NOTHING);
    }

    private static Cleanup cleanup(TestStorage storage, Instant since, Instant until, int limit) {
        return storage.saved(session -> session.userRegistration().cleanup(since, until, limit));
    }
}
