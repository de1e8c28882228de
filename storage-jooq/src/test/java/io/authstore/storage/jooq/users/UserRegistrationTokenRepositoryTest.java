package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.USER_REGISTRATION_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.ConflictException;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.UserRegistrationToken;
import io.authstore.storage.users.UserRegistrationTokenFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@ExtendWith(StorageExtension.class)
class UserRegistrationTokenRepositoryTest {

    private static final Optional<Integer> UNLIMITED = Optional.empty();
    private static final Optional<Instant> NEVER = Optional.empty();

    private static UserRegistrationToken add(
            TestStorage storage, String token, Optional<Integer> usageLimit, Optional<Instant> expiresAt) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(session -> session.userRegistrationToken()
                .add(storage.clock(), storage.random(), token, usageLimit, expiresAt));
    }

    private static UserRegistrationToken use(TestStorage storage, UserRegistrationToken token) {
        return storage.saved(session -> session.userRegistrationToken().useToken(storage.clock(), token));
    }

    private static UserRegistrationToken lookup(TestStorage storage, UserRegistrationToken token) {
        return storage.read(session -> session.userRegistrationToken().lookup(token.id()));
    }

    @Test
    void addedTokenIsFoundByIdAndByItsValue(TestStorage storage) {
        Instant expiry = TestStorage.START.plus(Duration.ofDays(7));
        UserRegistrationToken token = add(storage, "s3cret", Optional.of(3), Optional.of(expiry));

        assertThat(token.token()).isEqualTo("s3cret");
        assertThat(token.usageLimit()).contains(3);
        assertThat(token.timesUsed()).isZero();
        assertThat(token.createdAt()).isEqualTo(storage.clock().now());
        assertThat(token.id().timestamp()).isEqualTo(storage.clock().now());
        assertThat(token.lastUsedAt()).isEmpty();
        assertThat(token.expiresAt()).contains(expiry);
        assertThat(token.revokedAt()).isEmpty();
        assertThat(token.isValidAt(storage.clock().now())).isTrue();
        assertThat(lookup(storage, token)).isEqualTo(token);
        assertThat(storage.<UserRegistrationToken>read(s -> s.userRegistrationToken().findByToken("s3cret")))
                .isEqualTo(token);
    }

    @Test
    void lookupsOfAbsentTokensAreEmptyNotErrors(TestStorage storage) {
        add(storage, "present", UNLIMITED, NEVER);
        assertThat(storage.<UserRegistrationToken>read(s -> s.userRegistrationToken()
                .lookup(Ulid.parse("01KC0000000000000000000000")))).isNull();
        assertThat(storage.<UserRegistrationToken>read(s -> s.userRegistrationToken().findByToken("absent")))
                .isNull();
        assertThat(storage.<UserRegistrationToken>read(s -> s.userRegistrationToken().findByToken("PRESENT")))
                .as("tokens match exactly").isNull();
    }

    @Test
    void aTakenTokenIsAConflictThatLeavesTheSessionUsableAndDoesNotShowTheToken(TestStorage storage) {
        add(storage, "taken-secret", UNLIMITED, NEVER);

        List<String> saved = storage.saved(session -> session.userRegistrationToken()
                .add(storage.clock(), storage.random(), "taken-secret", Optional.of(1), NEVER)
                .map(UserRegistrationToken::token)
                .onErrorResume(ConflictException.class, conflict -> {
                    assertThat(conflict.constraint()).isEqualTo("user_registration_tokens_token_key");
                    assertThat(conflict.table()).isEqualTo("user_registration_tokens");
                    assertThat(conflict).hasMessageNotContaining("taken-secret");
                    return session.userRegistrationToken()
                            .add(storage.clock(), storage.random(), "other-secret", UNLIMITED, NEVER)
                            .map(UserRegistrationToken::token);
                })
                .flux()
                .collectList());

        assertThat(saved).containsExactly("other-secret");
        assertThat(storage.<Long>read(s -> s.userRegistrationToken()
                .count(UserRegistrationTokenFilter.at(storage.clock().now())))).isEqualTo(2L);
        assertThat(storage.<UserRegistrationToken>read(s -> s.userRegistrationToken().findByToken("taken-secret"))
                .usageLimit()).as("the first one is untouched").isEmpty();
    }

    @Test
    void anErrorInsideTheSessionLeavesNothingWritten(TestStorage storage) {
        Mono<UserRegistrationToken> failing = storage.factory().transaction(session -> session.userRegistrationToken()
                .add(storage.clock(), storage.random(), "doomed", UNLIMITED, NEVER)
                .then(Mono.error(new RuntimeException("boom"))));

        assertThatThrownBy(() -> failing.block(TestStorage.TIMEOUT)).hasMessageContaining("boom");
        assertThat(storage.<UserRegistrationToken>read(s -> s.userRegistrationToken().findByToken("doomed")))
                .isNull();
    }

    @Test
    void useCountsEachUseAndRefusesTheUseBeyondTheLimit(TestStorage storage) {
        UserRegistrationToken token = add(storage, "once", Optional.of(1), NEVER);
        storage.clock().advance(Duration.ofMinutes(1));

        UserRegistrationToken used = use(storage, token);
        assertThat(used.timesUsed()).isEqualTo(1);
        assertThat(used.lastUsedAt()).contains(storage.clock().now());
        assertThat(used.isExhausted()).isTrue();
        assertThat(lookup(storage, token)).isEqualTo(used);

        assertThatThrownBy(() -> use(storage, used))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("its limit");
        assertThatThrownBy(() -> use(storage, token))
                .as("a stale copy that still looks usable: the update repeats the check")
                .isInstanceOf(NotAffectedException.class)
                .hasMessageContaining("db.user_registration_token.use_token")
                .hasMessageContaining(token.id().toString());
        assertThat(lookup(storage, token)).isEqualTo(used);
    }

    @Test
    void useReturnsTheCountAsStoredEvenFromAStaleCopy(TestStorage storage) {
        UserRegistrationToken token = add(storage, "many", UNLIMITED, NEVER);
        use(storage, token);
        storage.clock().advance(Duration.ofSeconds(5));

        UserRegistrationToken again = use(storage, token);
        assertThat(again.timesUsed()).as("counted in the database, not from the copy").isEqualTo(2);
        assertThat(again.lastUsedAt()).contains(storage.clock().now());
        assertThat(lookup(storage, token)).isEqualTo(again);
    }

    @Test
    void concurrentUsesCannotExceedTheLimit(TestStorage storage) {
        UserRegistrationToken token = add(storage, "contended", Optional.of(1), NEVER);
        RepositorySession first = storage.factory().open().block(TestStorage.TIMEOUT);
        first.userRegistrationToken().useToken(storage.clock(), token).block(TestStorage.TIMEOUT);

        var second = storage.factory().transaction(session -> session.userRegistrationToken()
                        .useToken(storage.clock(), token))
                .toFuture();
        assertThat(second).as("waits for the first session's row lock")
                .failsWithin(Duration.ofMillis(300)).withThrowableThat()
                .isInstanceOf(java.util.concurrent.TimeoutException.class);

        first.save().block(TestStorage.TIMEOUT);
        assertThat(second).failsWithin(TestStorage.TIMEOUT)
                .withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(NotAffectedException.class);
        assertThat(lookup(storage, token).timesUsed()).isEqualTo(1);
    }

    @Test
    void useRefusesRevokedAndExpiredTokens(TestStorage storage) {
        UserRegistrationToken toRevoke = add(storage, "revoked", UNLIMITED, NEVER);
        UserRegistrationToken revoked = storage.saved(s -> s.userRegistrationToken()
                .revoke(storage.clock(), toRevoke));
        assertThatThrownBy(() -> use(storage, revoked))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("revoked");

        Instant deadline = storage.clock().now().plus(Duration.ofHours(1));
        UserRegistrationToken expiring = add(storage, "expiring", UNLIMITED, Optional.of(deadline));
        storage.clock().set(deadline);
        assertThatThrownBy(() -> use(storage, expiring))
                .as("expired at exactly its expiry")
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("expired");
        assertThat(lookup(storage, expiring).timesUsed()).isZero();
    }

    @Test
    void useOfAStaleCopyOfATokenRevokedOrExpiredSinceIsNotAffected(TestStorage storage) {
        UserRegistrationToken token = add(storage, "stale", UNLIMITED, NEVER);
        UserRegistrationToken revoked = storage.saved(s -> s.userRegistrationToken().revoke(storage.clock(), token));
        assertThatThrownBy(() -> use(storage, token)).isInstanceOf(NotAffectedException.class);

        UserRegistrationToken unrevoked = storage.saved(s -> s.userRegistrationToken().unrevoke(revoked));
        storage.saved(s -> s.userRegistrationToken().setExpiry(unrevoked, Optional.of(storage.clock().now())));
        assertThatThrownBy(() -> use(storage, unrevoked)).isInstanceOf(NotAffectedException.class);
        assertThat(lookup(storage, token).timesUsed()).isZero();
    }

    @Test
    void revokeAndUnrevokeRepeatAndSucceedAndRevokeKeepsTheFirstTime(TestStorage storage) {
        UserRegistrationToken token = add(storage, "t", UNLIMITED, NEVER);
        storage.clock().advance(Duration.ofMinutes(1));
        Instant firstRevocation = storage.clock().now();

        UserRegistrationToken revoked = storage.saved(s -> s.userRegistrationToken().revoke(storage.clock(), token));
        assertThat(revoked.revokedAt()).contains(firstRevocation);
        assertThat(lookup(storage, token)).isEqualTo(revoked);

        storage.clock().advance(Duration.ofMinutes(1));
        assertThat(storage.<UserRegistrationToken>saved(s -> s.userRegistrationToken()
                        .revoke(storage.clock(), revoked)))
                .as("a repeat succeeds and keeps when it was first revoked (MAS stamps it again)")
                .isEqualTo(revoked);
        assertThat(storage.<UserRegistrationToken>saved(s -> s.userRegistrationToken()
                        .revoke(storage.clock(), token)))
                .as("a stale copy that is not revoked: the token as stored")
                .isEqualTo(revoked);
        assertThat(lookup(storage, token)).isEqualTo(revoked);

        UserRegistrationToken unrevoked = storage.saved(s -> s.userRegistrationToken().unrevoke(revoked));
        assertThat(unrevoked).isEqualTo(token);
        assertThat(lookup(storage, token)).isEqualTo(token);
        assertThat(storage.<UserRegistrationToken>saved(s -> s.userRegistrationToken().unrevoke(unrevoked)))
                .as("unrevoking a token that is not revoked succeeds, as in MAS")
                .isEqualTo(token);
        assertThat(storage.<UserRegistrationToken>saved(s -> s.userRegistrationToken().unrevoke(revoked)))
                .as("stale revoked copy")
                .isEqualTo(token);
        assertThat(lookup(storage, token)).isEqualTo(token);

        storage.clock().advance(Duration.ofMinutes(1));
        UserRegistrationToken revokedAgain = storage.saved(s -> s.userRegistrationToken()
                .revoke(storage.clock(), revoked));
        assertThat(revokedAgain.revokedAt()).as("after an unrevoke, a revoke stamps its own time")
                .contains(storage.clock().now());
    }

    @Test
    void setAndRemoveExpiryAndUsageLimit(TestStorage storage) {
        UserRegistrationToken token = add(storage, "t", UNLIMITED, NEVER);
        Instant expiry = storage.clock().now().plus(Duration.ofDays(1));

        UserRegistrationToken expiring = storage.saved(s -> s.userRegistrationToken()
                .setExpiry(token, Optional.of(expiry)));
        assertThat(expiring.expiresAt()).contains(expiry);
        assertThat(lookup(storage, token)).isEqualTo(expiring);

        UserRegistrationToken limited = storage.saved(s -> s.userRegistrationToken()
                .setUsageLimit(expiring, Optional.of(5)));
        assertThat(limited.usageLimit()).contains(5);
        assertThat(lookup(storage, token)).isEqualTo(limited);

        UserRegistrationToken unlimited = storage.saved(s -> s.userRegistrationToken()
                .setUsageLimit(limited, UNLIMITED));
        UserRegistrationToken forever = storage.saved(s -> s.userRegistrationToken().setExpiry(unlimited, NEVER));
        assertThat(forever).isEqualTo(token);
        assertThat(lookup(storage, token)).isEqualTo(token);

        UserRegistrationToken revoked = storage.saved(s -> s.userRegistrationToken().revoke(storage.clock(), token));
        UserRegistrationToken staleLimited = storage.saved(s -> s.userRegistrationToken()
                .setUsageLimit(token, Optional.of(0)));
        assertThat(staleLimited.usageLimit()).contains(0);
        assertThat(staleLimited.revokedAt()).as("a stale copy gets the other columns as stored")
                .isEqualTo(revoked.revokedAt());
        UserRegistrationToken staleExpiring = storage.saved(s -> s.userRegistrationToken()
                .setExpiry(token, Optional.of(expiry)));
        assertThat(staleExpiring).isEqualTo(lookup(storage, token));
        assertThat(staleExpiring.usageLimit()).contains(0);
        assertThat(staleExpiring.revokedAt()).isEqualTo(revoked.revokedAt());
    }

    @Test
    void aNegativeUsageLimitIsRefusedAndAStoredOneIsAnInconsistency(TestStorage storage) {
        assertThatThrownBy(() -> add(storage, "negative", Optional.of(-1), NEVER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 or more, not -1")
                .hasMessageNotContaining("negative");
        UserRegistrationToken token = add(storage, "t", Optional.of(0), NEVER);
        assertThat(token.usageLimit()).contains(0);
        assertThatThrownBy(() -> storage.saved(s -> s.userRegistrationToken()
                        .setUsageLimit(token, Optional.of(Integer.MIN_VALUE))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 or more");
        assertThat(lookup(storage, token)).isEqualTo(token);

        storage.sql().update(USER_REGISTRATION_TOKENS)
                .set(USER_REGISTRATION_TOKENS.USAGE_LIMIT, -3)
                .where(USER_REGISTRATION_TOKENS.USER_REGISTRATION_TOKEN_ID.eq(token.id().toUuid()))
                .execute();
        assertThatThrownBy(() -> lookup(storage, token))
                .isInstanceOf(InconsistencyException.class)
                .hasMessageContaining(token.id().toString())
                .satisfies(error -> assertThat(((InconsistencyException) error).column()).isEqualTo("usage_limit"));
    }

    @Test
    void changingAnAbsentTokenIsNotAffected(TestStorage storage) {
        UserRegistrationToken ghost = new UserRegistrationToken(Ulid.parse("01KC0000000000000000000000"), "ghost",
                UNLIMITED, 0, TestStorage.START, Optional.empty(), NEVER, Optional.empty());
        assertThatThrownBy(() -> use(storage, ghost)).isInstanceOf(NotAffectedException.class);
        assertThatThrownBy(() -> storage.saved(s -> s.userRegistrationToken().revoke(storage.clock(), ghost)))
                .isInstanceOf(NotAffectedException.class);
        assertThatThrownBy(() -> storage.saved(s -> s.userRegistrationToken().setUsageLimit(ghost, Optional.of(1))))
                .isInstanceOf(NotAffectedException.class);
        assertThatThrownBy(() -> storage.saved(s -> s.userRegistrationToken().setExpiry(ghost, NEVER)))
                .isInstanceOf(NotAffectedException.class);
        assertThatThrownBy(() -> storage.saved(s -> s.userRegistrationToken().unrevoke(ghost)))
                .isInstanceOf(NotAffectedException.class)
                .hasMessageContaining("db.user_registration_token.unrevoke");
    }

    @Test
    void listAndCountAgreeForEveryFilter(TestStorage storage) {
        Instant now = TestStorage.START.plus(Duration.ofHours(1));
        UserRegistrationToken fresh = add(storage, "fresh", UNLIMITED, NEVER);
        UserRegistrationToken used = use(storage, add(storage, "used", UNLIMITED, NEVER));
        UserRegistrationToken exhausted = use(storage, add(storage, "exhausted", Optional.of(1), NEVER));
        UserRegistrationToken toRevoke = add(storage, "revoked", UNLIMITED, NEVER);
        UserRegistrationToken revoked = storage.saved(s -> s.userRegistrationToken()
                .revoke(storage.clock(), toRevoke));
        UserRegistrationToken expired = add(storage, "expired", UNLIMITED,
                Optional.of(TestStorage.START.plus(Duration.ofMinutes(30))));
        UserRegistrationToken deadline = add(storage, "deadline", UNLIMITED, Optional.of(now));
        UserRegistrationToken future = use(storage, add(storage, "future", Optional.of(5),
                Optional.of(now.plus(Duration.ofHours(1)))));
        UserRegistrationTokenFilter at = UserRegistrationTokenFilter.at(now);

        assertFilter(storage, at, fresh, used, exhausted, revoked, expired, deadline, future);
        assertFilter(storage, at.used(true), used, exhausted, future);
        assertFilter(storage, at.used(false), fresh, revoked, expired, deadline);
        assertFilter(storage, at.revoked(true), revoked);
        assertFilter(storage, at.revoked(false), fresh, used, exhausted, expired, deadline, future);
        // As MAS's filter: a token expires after its expiry instant, so "deadline" (expiring exactly now) is not
        // expired and is valid here, though isExpiredAt(now) says it is (as MAS's data model does).
        assertThat(deadline.isExpiredAt(now)).isTrue();
        assertFilter(storage, at.expired(true), expired);
        assertFilter(storage, at.expired(false), fresh, used, exhausted, revoked, deadline, future);
        assertFilter(storage, at.valid(true), fresh, used, deadline, future);
        assertFilter(storage, at.valid(false), exhausted, revoked, expired);

        assertFilter(storage, at.used(true).valid(true), used, future);
        assertFilter(storage, at.used(true).valid(false), exhausted);
        assertFilter(storage, at.used(false).expired(true), expired);
        assertFilter(storage, at.used(false).valid(true), fresh, deadline);
        assertFilter(storage, at.revoked(false).expired(false).valid(false), exhausted);
        assertFilter(storage, at.revoked(true).valid(true));
        assertFilter(storage, at.revoked(true).expired(true));
        assertFilter(storage, at.used(true).revoked(false).expired(false).valid(true), used, future);

        UserRegistrationTokenFilter earlier = UserRegistrationTokenFilter.at(TestStorage.START);
        assertFilter(storage, earlier.expired(true));
        assertFilter(storage, earlier.valid(true), fresh, used, expired, deadline, future);
        UserRegistrationTokenFilter later = UserRegistrationTokenFilter.at(now.plusMillis(1));
        assertFilter(storage, later.expired(true), expired, deadline);
        assertFilter(storage, later.valid(true), fresh, used, future);
    }

    private static void assertFilter(
            TestStorage storage, UserRegistrationTokenFilter filter, UserRegistrationToken... expected) {
        Page<UserRegistrationToken> page = storage.read(s -> s.userRegistrationToken()
                .list(filter, Pagination.first(100)));
        assertThat(page.items()).as(filter.toString()).containsExactly(expected);
        assertThat(storage.<Long>read(s -> s.userRegistrationToken().count(filter))).as(filter.toString())
                .isEqualTo((long) expected.length);
    }

    @Test
    void paginatesForwardAndBackwardAcrossPageEdges(TestStorage storage) {
        List<UserRegistrationToken> tokens = storage.saved(session -> Flux.range(0, 7)
                .concatMap(i -> {
                    storage.clock().advance(Duration.ofMillis(1));
                    return session.userRegistrationToken()
                            .add(storage.clock(), storage.random(), "token" + i, UNLIMITED, NEVER);
                })
                .collectList());

        Page<UserRegistrationToken> first = list(storage, Pagination.first(3));
        assertThat(first.items()).containsExactlyElementsOf(tokens.subList(0, 3));
        assertThat(first.hasNextPage()).isTrue();
        assertThat(first.hasPreviousPage()).isFalse();

        Page<UserRegistrationToken> second = list(storage, Pagination.first(3).after(first.endCursor().orElseThrow()));
        assertThat(second.items()).containsExactlyElementsOf(tokens.subList(3, 6));
        assertThat(second.hasNextPage()).isTrue();

        Page<UserRegistrationToken> third = list(storage, Pagination.first(3).after(second.endCursor().orElseThrow()));
        assertThat(third.items()).containsExactly(tokens.get(6));
        assertThat(third.hasNextPage()).isFalse();

        assertThat(list(storage, Pagination.first(7)).hasNextPage()).isFalse();

        Page<UserRegistrationToken> last = list(storage, Pagination.last(3));
        assertThat(last.items()).as("still oldest first").containsExactlyElementsOf(tokens.subList(4, 7));
        assertThat(last.hasPreviousPage()).isTrue();
        assertThat(last.hasNextPage()).isFalse();

        Page<UserRegistrationToken> before = list(storage, Pagination.last(3).before(last.startCursor().orElseThrow()));
        assertThat(before.items()).containsExactlyElementsOf(tokens.subList(1, 4));
        assertThat(before.hasPreviousPage()).isTrue();

        Page<UserRegistrationToken> firstOfAll = list(storage,
                Pagination.last(3).before(before.startCursor().orElseThrow()));
        assertThat(firstOfAll.items()).containsExactly(tokens.get(0));
        assertThat(firstOfAll.hasPreviousPage()).isFalse();

        Page<UserRegistrationToken> between = list(storage,
                Pagination.first(10).after(tokens.get(1).id()).before(tokens.get(5).id()));
        assertThat(between.items()).containsExactlyElementsOf(tokens.subList(2, 5));

        Page<UserRegistrationToken> filtered = storage.read(s -> s.userRegistrationToken().list(
                UserRegistrationTokenFilter.at(storage.clock().now()).valid(true),
                Pagination.first(2).after(tokens.get(4).id())));
        assertThat(filtered.items()).containsExactlyElementsOf(tokens.subList(5, 7));
        assertThat(filtered.hasNextPage()).isFalse();
    }

    private static Page<UserRegistrationToken> list(TestStorage storage, Pagination pagination) {
        return storage.read(s -> s.userRegistrationToken()
                .list(UserRegistrationTokenFilter.at(storage.clock().now()), pagination));
    }
}
