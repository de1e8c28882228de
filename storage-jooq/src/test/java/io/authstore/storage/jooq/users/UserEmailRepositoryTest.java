package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.USER_EMAILS;
import static io.authstore.snapshot.Tables.USER_EMAIL_AUTHENTICATIONS;
import static io.authstore.snapshot.Tables.USER_EMAIL_AUTHENTICATION_CODES;
import static io.authstore.snapshot.Tables.USER_RECOVERY_TICKETS;
import static io.authstore.snapshot.Tables.USER_REGISTRATIONS;
import static io.authstore.storage.jooq.users.Fixtures.browserSession;
import static io.authstore.storage.jooq.users.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.Cleanup;
import io.authstore.storage.ConflictException;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserEmail;
import io.authstore.storage.users.UserEmailAuthentication;
import io.authstore.storage.users.UserEmailAuthenticationCode;
import io.authstore.storage.users.UserEmailFilter;
import io.authstore.storage.users.UserRegistration;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@ExtendWith(StorageExtension.class)
class UserEmailRepositoryTest {

    private static final Ulid ABSENT = Ulid.parse("01KC0000000000000000000000");
    private static final Duration LIFETIME = Duration.ofMinutes(10);

    // ---- fixtures, each in its own saved session and a second after the previous one

    private static UserEmail addEmail(TestStorage storage, User user, String email) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(session -> session.userEmail().add(storage.clock(), storage.random(), user, email));
    }

    private static UserEmailAuthentication authentication(TestStorage storage, BrowserSession browser, String email) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(session -> session.userEmail()
                .addAuthenticationForSession(storage.clock(), storage.random(), email, browser));
    }

    private static UserEmailAuthenticationCode addCode(
            TestStorage storage, UserEmailAuthentication authentication, String code) {
        return storage.saved(session -> session.userEmail()
                .addAuthenticationCode(storage.clock(), storage.random(), LIFETIME, authentication, code));
    }

    private static UserRegistration registration(TestStorage storage, String username) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(session -> session.userRegistration().add(storage.clock(), storage.random(), username,
                Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private static UserEmailAuthentication lookupAuthentication(TestStorage storage, Ulid id) {
        return storage.read(session -> session.userEmail().lookupAuthentication(id));
    }

    // ---- addresses

    @Test
    void addedAddressIsFoundByIdAndByAddressIgnoringCase(TestStorage storage) {
        User alice = user(storage, "alice");
        User bob = user(storage, "bob");
        UserEmail email = addEmail(storage, alice, "Alice@Example.com");

        assertThat(email.userId()).isEqualTo(alice.id());
        assertThat(email.email()).as("stored as given").isEqualTo("Alice@Example.com");
        assertThat(email.createdAt()).isEqualTo(storage.clock().now());
        assertThat(storage.<UserEmail>read(s -> s.userEmail().lookup(email.id()))).isEqualTo(email);
        assertThat(storage.<UserEmail>read(s -> s.userEmail().find(alice, "alice@example.COM"))).isEqualTo(email);
        assertThat(storage.<UserEmail>read(s -> s.userEmail().findByEmail("ALICE@EXAMPLE.COM"))).isEqualTo(email);
        assertThat(storage.<UserEmail>read(s -> s.userEmail().find(bob, "alice@example.com")))
                .as("another user's address").isNull();
    }

    @Test
    void lookupsOfAbsentRowsAreEmptyNotErrors(TestStorage storage) {
        User alice = user(storage, "alice");
        UserEmailAuthentication authentication =
                authentication(storage, browserSession(storage, alice), "alice@example.com");

        assertThat(storage.<UserEmail>read(s -> s.userEmail().lookup(ABSENT))).isNull();
        assertThat(storage.<UserEmail>read(s -> s.userEmail().find(alice, "nobody@example.com"))).isNull();
        assertThat(storage.<UserEmail>read(s -> s.userEmail().findByEmail("nobody@example.com"))).isNull();
        assertThat(lookupAuthentication(storage, ABSENT)).isNull();
        assertThat(storage.<UserEmailAuthenticationCode>read(s ->
                s.userEmail().findAuthenticationCode(authentication, "123456"))).isNull();
    }

    @Test
    void findByEmailRefusesToChooseAndAllListsTheUsersAddressesAlphabetically(TestStorage storage) {
        User alice = user(storage, "alice");
        User bob = user(storage, "bob");
        UserEmail bobs = addEmail(storage, bob, "shared@example.com");
        assertThat(storage.<UserEmail>read(s -> s.userEmail().findByEmail("Shared@Example.com")))
                .as("the only entry for the address").isEqualTo(bobs);
        UserEmail alices = addEmail(storage, alice, "SHARED@example.com");
        UserEmail alicesSecond = addEmail(storage, alice, "alice@example.com");
        UserEmail alicesDuplicate = addEmail(storage, alice, "shared@example.com");
        User carol = user(storage, "carol");

        assertThat(storage.<UserEmail>read(s -> s.userEmail().findByEmail("Shared@Example.com")))
                .as("two users have it: neither, as in MAS").isNull();
        assertThat(storage.<UserEmail>read(s -> s.userEmail().find(alice, "shared@example.com")))
                .as("a user's own oldest entry").isEqualTo(alices);
        assertThat(storage.<List<UserEmail>>read(s -> s.userEmail().all(alice).collectList()))
                .as("by address, as MAS orders them (upper case sorts first in the C locale)")
                .containsExactly(alices, alicesSecond, alicesDuplicate);
        assertThat(storage.<List<UserEmail>>read(s -> s.userEmail().all(carol).collectList()))
                .isEmpty();
    }

    @Test
    void listAndCountAgreeForEveryFilter(TestStorage storage) {
        User alice = user(storage, "alice");
        User bob = user(storage, "bob");
        UserEmail alicesWork = addEmail(storage, alice, "alice@work.example");
        UserEmail alicesHome = addEmail(storage, alice, "Alice@Home.example");
        UserEmail bobsWork = addEmail(storage, bob, "ALICE@WORK.EXAMPLE");
        UserEmail bobsOwn = addEmail(storage, bob, "bob@example.com");

        assertFilter(storage, UserEmailFilter.all(), alicesWork, alicesHome, bobsWork, bobsOwn);
        assertFilter(storage, UserEmailFilter.all().user(alice), alicesWork, alicesHome);
        assertFilter(storage, UserEmailFilter.all().user(bob), bobsWork, bobsOwn);
        assertFilter(storage, UserEmailFilter.all().email("alice@work.example"), alicesWork, bobsWork);
        assertFilter(storage, UserEmailFilter.all().email("alice@home.EXAMPLE"), alicesHome);
        assertFilter(storage, UserEmailFilter.all().user(bob).email("Alice@Work.Example"), bobsWork);
        assertFilter(storage, UserEmailFilter.all().user(bob).email("alice@home.example"));
        assertFilter(storage, UserEmailFilter.all().email("%@work.example"));
        assertFilter(storage, UserEmailFilter.all().user(user(storage, "carol")));
    }

    private static void assertFilter(TestStorage storage, UserEmailFilter filter, UserEmail... expected) {
        Page<UserEmail> page = storage.read(s -> s.userEmail().list(filter, Pagination.first(100)));
        assertThat(page.items()).as(filter.toString()).containsExactly(expected);
        assertThat(storage.<Long>read(s -> s.userEmail().count(filter))).as(filter.toString())
                .isEqualTo((long) expected.length);
    }

    @Test
    void paginatesForwardAndBackwardAcrossPageEdges(TestStorage storage) {
        User alice = user(storage, "alice");
        User bob = user(storage, "bob");
        addEmail(storage, bob, "bob@example.com");
        List<UserEmail> emails = storage.saved(session -> Flux.range(0, 7)
                .concatMap(i -> {
                    storage.clock().advance(Duration.ofMillis(1));
                    return session.userEmail().add(storage.clock(), storage.random(), alice, "a" + i + "@example.com");
                })
                .collectList());
        addEmail(storage, bob, "bob2@example.com");
        UserEmailFilter filter = UserEmailFilter.all().user(alice);

        Page<UserEmail> first = list(storage, filter, Pagination.first(3));
        assertThat(first.items()).containsExactlyElementsOf(emails.subList(0, 3));
        assertThat(first.hasNextPage()).isTrue();
        assertThat(first.hasPreviousPage()).isFalse();
        assertThat(first.endCursor()).contains(emails.get(2).id());

        Page<UserEmail> second = list(storage, filter, Pagination.first(3).after(first.endCursor().orElseThrow()));
        assertThat(second.items()).containsExactlyElementsOf(emails.subList(3, 6));
        assertThat(second.hasNextPage()).isTrue();

        Page<UserEmail> third = list(storage, filter, Pagination.first(3).after(second.endCursor().orElseThrow()));
        assertThat(third.items()).containsExactly(emails.get(6));
        assertThat(third.hasNextPage()).as("bob's later address is not in the filter").isFalse();

        Page<UserEmail> exactlyFull = list(storage, filter, Pagination.first(7));
        assertThat(exactlyFull.items()).hasSize(7);
        assertThat(exactlyFull.hasNextPage()).isFalse();

        Page<UserEmail> last = list(storage, filter, Pagination.last(3));
        assertThat(last.items()).as("still oldest first").containsExactlyElementsOf(emails.subList(4, 7));
        assertThat(last.hasPreviousPage()).isTrue();
        assertThat(last.hasNextPage()).isFalse();

        Page<UserEmail> before = list(storage, filter, Pagination.last(3).before(last.startCursor().orElseThrow()));
        assertThat(before.items()).containsExactlyElementsOf(emails.subList(1, 4));
        assertThat(before.hasPreviousPage()).isTrue();

        Page<UserEmail> firstOfAll =
                list(storage, filter, Pagination.last(3).before(before.startCursor().orElseThrow()));
        assertThat(firstOfAll.items()).as("bob's earlier address is not in the filter").containsExactly(emails.get(0));
        assertThat(firstOfAll.hasPreviousPage()).isFalse();

        Page<UserEmail> between = list(storage, filter,
                Pagination.first(10).after(emails.get(1).id()).before(emails.get(5).id()));
        assertThat(between.items()).containsExactlyElementsOf(emails.subList(2, 5));
    }

    private static Page<UserEmail> list(TestStorage storage, UserEmailFilter filter, Pagination pagination) {
        return storage.read(s -> s.userEmail().list(filter, pagination));
    }

    @Test
    void removeDeletesTheAddressWithItsRecoveryTicketsAndAGoneAddressIsNotAffected(TestStorage storage) {
        User alice = user(storage, "alice");
        UserEmail email = addEmail(storage, alice, "alice@example.com");
        UserEmail other = addEmail(storage, alice, "other@example.com");
        recoveryTicket(storage, email);

        storage.saved(s -> s.userEmail().remove(email).thenReturn(true));

        assertThat(storage.<UserEmail>read(s -> s.userEmail().lookup(email.id()))).isNull();
        assertThat(storage.sql().fetchCount(USER_RECOVERY_TICKETS)).as("cascaded").isZero();
        assertThat(storage.<UserEmail>read(s -> s.userEmail().lookup(other.id()))).isEqualTo(other);
        assertThatThrownBy(() -> storage.saved(s -> s.userEmail().remove(email).thenReturn(true)))
                .isInstanceOf(NotAffectedException.class)
                .hasMessageContaining("db.user_email.remove")
                .hasMessageContaining(email.id().toString());
    }

    @Test
    void removeBulkRemovesWhatTheFilterMatchesAndLeavesTheRest(TestStorage storage) {
        User alice = user(storage, "alice");
        User bob = user(storage, "bob");
        UserEmail alicesShared = addEmail(storage, alice, "shared@example.com");
        UserEmail alicesOwn = addEmail(storage, alice, "alice@example.com");
        UserEmail bobsShared = addEmail(storage, bob, "SHARED@example.com");
        UserEmail bobsOwn = addEmail(storage, bob, "bob@example.com");
        recoveryTicket(storage, bobsShared);

        long removed = storage.saved(s -> s.userEmail()
                .removeBulk(UserEmailFilter.all().user(bob).email("Shared@Example.com")));
        assertThat(removed).isEqualTo(1);
        assertFilter(storage, UserEmailFilter.all(), alicesShared, alicesOwn, bobsOwn);

        removed = storage.saved(s -> s.userEmail().removeBulk(UserEmailFilter.all().user(alice)));
        assertThat(removed).isEqualTo(2);
        assertFilter(storage, UserEmailFilter.all(), bobsOwn);

        removed = storage.saved(s -> s.userEmail().removeBulk(UserEmailFilter.all().email("nobody@example.com")));
        assertThat(removed).isZero();
        assertFilter(storage, UserEmailFilter.all(), bobsOwn);
    }

    /** A recovery ticket for the address, so deleting it has to cascade. */
    private static void recoveryTicket(TestStorage storage, UserEmail email) {
        storage.saved(session -> session.userRecovery()
                .addSession(storage.clock(), storage.random(), email.email(), "test", Optional.empty(), "en")
                .flatMap(recovery -> session.userRecovery()
                        .addTicket(storage.clock(), storage.random(), recovery, email, "ticket-" + email.id())));
    }

    @Test
    void anErrorInsideTheSessionLeavesNothingWritten(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession browser = browserSession(storage, alice);

        Mono<UserEmail> failing = storage.factory().transaction(session -> session.userEmail()
                .add(storage.clock(), storage.random(), alice, "alice@example.com")
                .then(session.userEmail().addAuthenticationForSession(
                        storage.clock(), storage.random(), "alice@example.com", browser))
                .then(Mono.error(new RuntimeException("boom"))));

        assertThatThrownBy(() -> failing.block(TestStorage.TIMEOUT)).hasMessageContaining("boom");
        assertThat(storage.<Long>read(s -> s.userEmail().count(UserEmailFilter.all()))).isZero();
        assertThat(storage.sql().fetchCount(USER_EMAILS)).isZero();
        assertThat(storage.sql().fetchCount(USER_EMAIL_AUTHENTICATIONS)).isZero();
    }

    // ---- authentications and codes

    @Test
    void anAuthenticationBelongsToABrowserSessionOrARegistration(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession browser = browserSession(storage, alice);
        UserRegistration registration = registration(storage, "bob");

        UserEmailAuthentication forSession = authentication(storage, browser, "alice@example.com");
        assertThat(forSession.userSessionId()).contains(browser.id());
        assertThat(forSession.userRegistrationId()).isEmpty();
        assertThat(forSession.email()).isEqualTo("alice@example.com");
        assertThat(forSession.createdAt()).isEqualTo(storage.clock().now());
        assertThat(forSession.completedAt()).isEmpty();
        assertThat(lookupAuthentication(storage, forSession.id())).isEqualTo(forSession);

        storage.clock().advance(Duration.ofSeconds(1));
        UserEmailAuthentication forRegistration = storage.saved(s -> s.userEmail()
                .addAuthenticationForRegistration(storage.clock(), storage.random(), "bob@example.com", registration));
        assertThat(forRegistration.userRegistrationId()).contains(registration.id());
        assertThat(forRegistration.userSessionId()).isEmpty();
        assertThat(lookupAuthentication(storage, forRegistration.id())).isEqualTo(forRegistration);
    }

    @Test
    void addedCodeExpiresAfterItsLifetimeAndIsFoundOnlyForItsAuthentication(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession browser = browserSession(storage, alice);
        UserEmailAuthentication authentication = authentication(storage, browser, "alice@example.com");
        UserEmailAuthentication another = authentication(storage, browser, "other@example.com");

        storage.clock().advance(Duration.ofSeconds(1));
        UserEmailAuthenticationCode code = addCode(storage, authentication, "123456");
        UserEmailAuthenticationCode sameCodeElsewhere = addCode(storage, another, "123456");

        assertThat(code.userEmailAuthenticationId()).isEqualTo(authentication.id());
        assertThat(code.code()).isEqualTo("123456");
        assertThat(code.createdAt()).isEqualTo(storage.clock().now());
        assertThat(code.expiresAt()).isEqualTo(storage.clock().now().plus(LIFETIME));
        assertThat(sameCodeElsewhere.id()).as("codes are unique per authentication only").isNotEqualTo(code.id());
        assertThat(storage.<UserEmailAuthenticationCode>read(s ->
                s.userEmail().findAuthenticationCode(authentication, "123456"))).isEqualTo(code);
        assertThat(storage.<UserEmailAuthenticationCode>read(s ->
                s.userEmail().findAuthenticationCode(another, "123456"))).isEqualTo(sameCodeElsewhere);
        assertThat(storage.<UserEmailAuthenticationCode>read(s ->
                s.userEmail().findAuthenticationCode(authentication, "654321"))).isNull();

        storage.clock().advance(LIFETIME.plusMinutes(1));
        assertThat(storage.<UserEmailAuthenticationCode>read(s ->
                s.userEmail().findAuthenticationCode(authentication, "123456")))
                .as("found even once expired").isEqualTo(code);
    }

    @Test
    void aDuplicateCodeIsAConflictThatLeavesTheSessionUsable(TestStorage storage) {
        User alice = user(storage, "alice");
        UserEmailAuthentication authentication =
                authentication(storage, browserSession(storage, alice), "alice@example.com");
        UserEmailAuthenticationCode first = addCode(storage, authentication, "123456");

        List<String> saved = storage.saved(session -> session.userEmail()
                .addAuthenticationCode(storage.clock(), storage.random(), LIFETIME, authentication, "123456")
                .map(UserEmailAuthenticationCode::code)
                .onErrorResume(ConflictException.class, conflict -> {
                    assertThat(conflict.constraint())
                            .isEqualTo("user_email_authentication_codes_auth_id_code_unique");
                    assertThat(conflict.table()).isEqualTo("user_email_authentication_codes");
                    assertThat(conflict).hasMessageContaining(authentication.id().toString())
                            .hasMessageNotContaining("123456");
                    return session.userEmail()
                            .addAuthenticationCode(
                                    storage.clock(), storage.random(), LIFETIME, authentication, "654321")
                            .map(UserEmailAuthenticationCode::code);
                })
                .flux()
                .collectList());

        assertThat(saved).containsExactly("654321");
        assertThat(storage.<UserEmailAuthenticationCode>read(s ->
                s.userEmail().findAuthenticationCode(authentication, "123456"))).isEqualTo(first);
        assertThat(storage.<UserEmailAuthenticationCode>read(s ->
                s.userEmail().findAuthenticationCode(authentication, "654321"))).isNotNull();
    }

    @Test
    void completingWithAValidCodeAndTheInvalidForms(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession browser = browserSession(storage, alice);
        UserEmailAuthentication authentication = authentication(storage, browser, "alice@example.com");
        UserEmailAuthentication another = authentication(storage, browser, "other@example.com");
        UserEmailAuthenticationCode code = addCode(storage, authentication, "123456");
        UserEmailAuthenticationCode othersCode = addCode(storage, another, "111111");

        assertThatThrownBy(() -> storage.saved(s ->
                        s.userEmail().completeAuthenticationWithCode(storage.clock(), authentication, othersCode)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to e-mail authentication " + another.id());

        storage.clock().advance(Duration.ofMinutes(1));
        UserEmailAuthentication completed = storage.saved(s ->
                s.userEmail().completeAuthenticationWithCode(storage.clock(), authentication, code));
        assertThat(completed.completedAt()).contains(storage.clock().now());
        assertThat(lookupAuthentication(storage, authentication.id())).isEqualTo(completed);
        assertThat(lookupAuthentication(storage, another.id()).isCompleted()).as("untouched").isFalse();

        assertThatThrownBy(() -> storage.saved(s ->
                        s.userEmail().completeAuthenticationWithCode(storage.clock(), completed, code)))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("already completed");
        assertThatThrownBy(() -> storage.saved(s ->
                        s.userEmail().completeAuthenticationWithCode(storage.clock(), authentication, code)))
                .as("a stale copy that still looks open")
                .isInstanceOf(NotAffectedException.class)
                .hasMessageContaining("db.user_email.complete_authentication_with_code")
                .hasMessageContaining(authentication.id().toString());
        assertThatThrownBy(() -> storage.saved(s -> s.userEmail()
                        .addAuthenticationCode(storage.clock(), storage.random(), LIFETIME, completed, "999999")))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("add a code to");
    }

    @Test
    void anExpiredCodeCannotCompleteTheAuthentication(TestStorage storage) {
        User alice = user(storage, "alice");
        UserEmailAuthentication authentication =
                authentication(storage, browserSession(storage, alice), "alice@example.com");
        UserEmailAuthenticationCode code = addCode(storage, authentication, "123456");

        storage.clock().set(code.expiresAt());
        assertThatThrownBy(() -> storage.saved(s ->
                        s.userEmail().completeAuthenticationWithCode(storage.clock(), authentication, code)))
                .as("expired at the very instant of expiry")
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("expired")
                .hasMessageNotContaining("123456");
        assertThat(lookupAuthentication(storage, authentication.id()).isCompleted()).isFalse();

        storage.clock().set(code.expiresAt().minusMillis(1));
        assertThat(storage.<UserEmailAuthentication>saved(s ->
                        s.userEmail().completeAuthenticationWithCode(storage.clock(), authentication, code))
                .completedAt()).contains(code.expiresAt().minusMillis(1));
    }

    @Test
    void completingWithUpstreamAndTheInvalidForms(TestStorage storage) {
        User alice = user(storage, "alice");
        UserEmailAuthentication authentication =
                authentication(storage, browserSession(storage, alice), "alice@example.com");
        Ulid upstreamSession = Ulid.generate(storage.clock(), storage.random());

        storage.clock().advance(Duration.ofMinutes(1));
        UserEmailAuthentication completed = storage.saved(s -> s.userEmail()
                .completeAuthenticationWithUpstream(storage.clock(), authentication, upstreamSession));
        assertThat(completed.completedAt()).contains(storage.clock().now());
        assertThat(lookupAuthentication(storage, authentication.id())).isEqualTo(completed);

        assertThatThrownBy(() -> storage.saved(s -> s.userEmail()
                        .completeAuthenticationWithUpstream(storage.clock(), completed, upstreamSession)))
                .isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> storage.saved(s -> s.userEmail()
                        .completeAuthenticationWithUpstream(storage.clock(), authentication, upstreamSession)))
                .isInstanceOf(NotAffectedException.class)
                .hasMessageContaining("db.user_email.complete_authentication_with_upstream");
    }

    // ---- cleanup

    @Test
    void cleanupDeletesAuthenticationsInItsRangeInBatchesResumingFromItsCursor(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession browser = browserSession(storage, alice);
        UserRegistration registration = registration(storage, "bob");
        List<UserEmailAuthentication> old = IntStream.range(0, 4)
                .mapToObj(i -> authentication(storage, browser, "old" + i + "@example.com"))
                .toList();
        old.forEach(authentication -> addCode(storage, authentication, "code"));
        storage.clock().advance(Duration.ofSeconds(1));
        Instant until = storage.clock().now();
        UserEmailAuthentication atUntil = storage.saved(s -> s.userEmail()
                .addAuthenticationForRegistration(storage.clock(), storage.random(), "bob@example.com", registration));
        addCode(storage, atUntil, "code");
        // The registration points at an authentication that gets deleted: it loses the link, not the row.
        storage.sql().update(USER_REGISTRATIONS)
                .set(USER_REGISTRATIONS.EMAIL_AUTHENTICATION_ID, old.get(1).id().toUuid())
                .execute();

        Cleanup first = cleanup(storage, null, until, 2);
        assertThat(first.affected()).isEqualTo(2);
        assertThat(first.resumeFrom()).contains(old.get(1).createdAt());
        assertThat(first.mayHaveMore(2)).isTrue();
        assertRemaining(storage, old.get(2), old.get(3), atUntil);
        assertThat(storage.sql().fetchValue(USER_REGISTRATIONS.EMAIL_AUTHENTICATION_ID)).isNull();

        Cleanup second = cleanup(storage, first.resumeFrom().orElseThrow(), until, 2);
        assertThat(second.affected()).isEqualTo(2);
        assertThat(second.resumeFrom()).contains(old.get(3).createdAt());
        assertRemaining(storage, atUntil);

        assertThat(cleanup(storage, second.resumeFrom().orElseThrow(), until, 2)).isEqualTo(Cleanup.NOTHING);
        assertThat(storage.sql().fetchCount(USER_EMAIL_AUTHENTICATION_CODES)).as("codes went with them").isEqualTo(1);
        assertThat(storage.sql().fetchCount(USER_REGISTRATIONS)).isEqualTo(1);
    }

    @Test
    void cleanupIncludesSinceAndExcludesUntil(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession browser = browserSession(storage, alice);
        UserEmailAuthentication before = authentication(storage, browser, "a@example.com");
        UserEmailAuthentication atSince = authentication(storage, browser, "b@example.com");
        UserEmailAuthentication atUntil = authentication(storage, browser, "c@example.com");

        Cleanup cleanup = cleanup(storage, atSince.createdAt(), atUntil.createdAt(), 10);

        assertThat(cleanup.affected()).isEqualTo(1);
        assertThat(cleanup.mayHaveMore(10)).isFalse();
        assertRemaining(storage, before, atUntil);
    }

    @Test
    void resumingFromTheCursorSkipsNoRowCreatedInTheSameMillisecond(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession browser = browserSession(storage, alice);
        storage.clock().advance(Duration.ofSeconds(1));
        List<UserEmailAuthentication> sameInstant = storage.saved(session -> Flux.range(0, 3)
                .concatMap(i -> session.userEmail().addAuthenticationForSession(
                        storage.clock(), storage.random(), i + "@example.com", browser))
                .collectList());
        Instant until = storage.clock().advance(Duration.ofSeconds(1));

        Instant since = null;
        for (int batch = 0; batch < 3; batch++) {
            Cleanup cleanup = cleanup(storage, since, until, 1);
            assertThat(cleanup.affected()).isEqualTo(1);
            assertThat(cleanup.resumeFrom()).contains(sameInstant.getFirst().createdAt());
            since = cleanup.resumeFrom().orElseThrow();
        }
        assertThat(cleanup(storage, since, until, 1)).isEqualTo(Cleanup.NOTHING);
        assertRemaining(storage);
    }

    private static Cleanup cleanup(TestStorage storage, Instant since, Instant until, int limit) {
        return storage.saved(s -> s.userEmail().cleanupAuthentications(since, until, limit));
    }

    private static void assertRemaining(TestStorage storage, UserEmailAuthentication... expected) {
        List<UUID> remaining = storage.sql()
                .select(USER_EMAIL_AUTHENTICATIONS.USER_EMAIL_AUTHENTICATION_ID)
                .from(USER_EMAIL_AUTHENTICATIONS)
                .orderBy(USER_EMAIL_AUTHENTICATIONS.USER_EMAIL_AUTHENTICATION_ID)
                .fetch(USER_EMAIL_AUTHENTICATIONS.USER_EMAIL_AUTHENTICATION_ID);
        assertThat(remaining).containsExactly(
                Arrays.stream(expected).map(a -> a.id().toUuid()).toArray(UUID[]::new));
    }
}
