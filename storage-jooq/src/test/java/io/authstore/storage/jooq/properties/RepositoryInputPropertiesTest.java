package io.authstore.storage.jooq.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.authstore.storage.DatabaseException;
import io.authstore.storage.FrozenClock;
import io.authstore.storage.JsonValue;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.queue.JobState;
import io.authstore.storage.queue.QueuedJob;
import io.authstore.storage.queue.Worker;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.BrowserSessionFilter;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserFilter;
import io.authstore.storage.users.UserRecoverySession;
import io.authstore.storage.users.UserRegistrationToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bad input through the public repository API, on the real database: any string is stored and read back exactly
 * or refused with a typed error, and none changes a query's structure; NUL is refused before the driver, with the
 * session still usable; page sizes, cursors, batch limits and instants out of range get a clear error. Every try
 * runs in a session that is cancelled afterwards, so tries do not see each other's rows. The inputs come from
 * {@link Generators}: fixed edge cases first, then seeded random ones; one database serves all the cases, since a
 * fresh one for each of several hundred cases would cost minutes.
 */
@ExtendWith(Generators.SeedInFailureMessage.class)
class RepositoryInputPropertiesTest {

    private static final Instant POSTGRES_FIRST = Instant.parse("-4713-11-24T00:00:00Z");
    private static final Instant POSTGRES_END = Instant.parse("+294277-01-01T00:00:00Z");
    private static final Instant ULID_LAST = Instant.ofEpochMilli((1L << 48) - 1);
    private static final List<Instant> INSTANT_EDGES = List.of(POSTGRES_FIRST, POSTGRES_END, Instant.EPOCH, ULID_LAST);

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

    // ---- inputs: fixed edge cases first, then seeded draws

    static Stream<Arguments> texts() {
        Generators generate = Generators.forProperty("texts");
        List<String> fixed = new ArrayList<>(Generators.METACHARACTERS);
        fixed.addAll(Generators.EDGE_CODE_POINTS);
        // Texts the bystander "zzzz" also matches: a search must count it then, and only then.
        fixed.addAll(List.of("z", "Z", "zz", "zZz", "ZZZZZ")); // not "zzzz" itself: that name is taken
        return Generators.cases(150, fixed, generate::text, Generators::describe);
    }

    static Stream<Arguments> longTexts() {
        Generators generate = Generators.forProperty("longTexts");
        // A few only: each writes up to a few megabytes twice.
        return Generators.cases(6, List.of(generate.longText(3_000), generate.longText(1_000_000)),
                () -> generate.longText(generate.between(3_000, 1_000_000)), Generators::describe);
    }

    static Stream<Arguments> textsWithNul() {
        Generators generate = Generators.forProperty("textsWithNul");
        return Generators.cases(60, List.of("\0", "\0\0", "\0'", "'\0", "a\0b", "\ud83d\ude00\0"),
                generate::textWithNul, Generators::describe);
    }

    static Stream<Arguments> pageSizes() {
        Generators generate = Generators.forProperty("pageSizes");
        List<Integer> edges = List.of(Integer.MIN_VALUE, -1, 0, 1, 2, Pagination.MAX_COUNT - 1, Pagination.MAX_COUNT,
                Pagination.MAX_COUNT + 1, Integer.MAX_VALUE);
        return Generators.cases(200, edges, () -> generate.anyInt(2 * Pagination.MAX_COUNT), String::valueOf);
    }

    record CursorCase(Ulid cursor, boolean forward) {
        @Override
        public String toString() {
            return (forward ? "after " : "before ") + cursor;
        }
    }

    static Stream<Arguments> cursors() {
        Generators generate = Generators.forProperty("cursors");
        // The ends of the unsigned order, the signed/unsigned boundary, and both ends of the third user's millisecond.
        List<CursorCase> fixed = Stream.of(new Ulid(0, 0), new Ulid(-1, -1), new Ulid(Long.MAX_VALUE, -1),
                        new Ulid(Long.MIN_VALUE, 0), Ulid.minAt(cursorUserCreatedAt(2)),
                        Ulid.maxAt(cursorUserCreatedAt(2)))
                .flatMap(cursor -> Stream.of(new CursorCase(cursor, true), new CursorCase(cursor, false)))
                .toList();
        return Generators.cases(40, fixed,
                () -> new CursorCase(new Ulid(generate.anyLong(), generate.anyLong()), generate.anyBoolean()),
                CursorCase::toString);
    }

    static Stream<Arguments> cleanupLimits() {
        Generators generate = Generators.forProperty("cleanupLimits");
        return Generators.cases(30, List.of(Integer.MIN_VALUE, -1, 0, 1, 2, Integer.MAX_VALUE),
                () -> generate.anyInt(100), String::valueOf);
    }

    static Stream<Arguments> usageLimits() {
        Generators generate = Generators.forProperty("usageLimits");
        return Generators.cases(30, List.of(Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE),
                () -> generate.anyInt(1_000), String::valueOf);
    }

    static Stream<Arguments> storedInstants() {
        return instants("storedInstants", 150);
    }

    static Stream<Arguments> clockInstants() {
        return instants("clockInstants", 60);
    }

    private static Stream<Arguments> instants(String property, int count) {
        Generators generate = Generators.forProperty(property);
        List<Instant> fixed = new ArrayList<>(Generators.instantEdgeCases(INSTANT_EDGES));
        fixed.add(ULID_LAST.plusMillis(1)); // the first millisecond a ULID cannot hold
        return Generators.cases(count, fixed, () -> generate.instant(INSTANT_EDGES), Instant::toString);
    }

    // ---- text

    @ParameterizedTest
    @MethodSource("texts")
    void anyTextIsStoredAndReadBackExactlyAndNeverChangesAQuery(String value) {
        Map<String, Object> readBack = inSession(session -> session.user()
                .add(storage.clock(), storage.random(), "zzzz")
                .then(session.user().add(storage.clock(), storage.random(), value))
                .flatMap(user -> Mono.zip(
                        session.user().findByUsername(value).map(User::username),
                        session.user().count(UserFilter.all().search(value)),
                        session.browserSession().add(storage.clock(), storage.random(), user, Optional.of(value))
                                .flatMap(created -> session.browserSession().lookup(created.id()))
                                .map(found -> found.userAgent().orElseThrow()),
                        session.userEmail().add(storage.clock(), storage.random(), user, value)
                                .then(session.userEmail().findByEmail(value))
                                .map(email -> email.email()),
                        session.userRegistrationToken().add(storage.clock(), storage.random(), value,
                                        Optional.empty(), Optional.empty())
                                .then(session.userRegistrationToken().findByToken(value))
                                .map(UserRegistrationToken::token),
                        session.userRecovery().addSession(storage.clock(), storage.random(), value, value,
                                        Optional.empty(), value)
                                .flatMap(created -> session.userRecovery().lookupSession(created.id())),
                        session.user().count(UserFilter.all())))
                .map(row -> Map.of("username", row.getT1(), "matches", row.getT2(), "userAgent", row.getT3(),
                        "email", row.getT4(), "token", row.getT5(), "recovery", row.getT6(), "users", row.getT7())));

        assertThat(readBack.get("username")).isEqualTo(value);
        assertThat(readBack.get("userAgent")).isEqualTo(value);
        assertThat(readBack.get("email")).isEqualTo(value);
        assertThat(readBack.get("token")).isEqualTo(value);
        UserRecoverySession recovery = (UserRecoverySession) readBack.get("recovery");
        assertThat(List.of(recovery.email(), recovery.userAgent(), recovery.locale())).containsOnly(value);
        assertThat(readBack.get("users")).as("no statement wrote or deleted anything else").isEqualTo(2L);
        boolean alsoMatchesTheBystander = value.length() <= 4 && value.chars().allMatch(c -> c == 'z' || c == 'Z');
        assertThat(readBack.get("matches")).as("the search matches the text literally, wildcards included")
                .isEqualTo(alsoMatchesTheBystander ? 2L : 1L);
    }

    @ParameterizedTest
    @MethodSource("texts")
    void anyTextIsAQueueNameAFailureReasonAndAScheduleNameOrABlankNameIsRefused(String value) {
        if (value.isBlank()) {
            assertThatThrownBy(() -> inSession(session -> session.queueJob().schedule(storage.clock(),
                    storage.random(), value, JsonValue.EMPTY_OBJECT, JsonValue.EMPTY_OBJECT)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("queueName");
            return;
        }
        QueuedJob failed = inSession(session -> session.queueSchedule().setup(List.of(value))
                .then(session.queueWorker().register(storage.clock(), storage.random()))
                .flatMap(worker -> session.queueJob().scheduleLater(storage.clock(), storage.random(), value,
                                JsonValue.string(value), JsonValue.EMPTY_OBJECT, storage.clock().now(),
                                Optional.of(value))
                        .then(session.queueJob().scheduleAvailableJobs(storage.clock()))
                        .then(session.queueJob().reserve(storage.clock(), worker, List.of(value, "zzzz"), 10)))
                .flatMap(jobs -> {
                    assertThat(jobs).hasSize(1);
                    assertThat(jobs.getFirst().queueName()).isEqualTo(value);
                    return session.queueJob().markAsFailed(storage.clock(), jobs.getFirst().id(), value)
                            .then(session.queueJob().lookup(jobs.getFirst().id()));
                }));
        assertThat(failed.queueName()).isEqualTo(value);
        assertThat(failed.scheduleName()).contains(value);
        assertThat(failed.payload().asString()).contains(value);
        assertThat(((JobState.Failed) failed.state()).reason()).isEqualTo(value);
    }

    @ParameterizedTest
    @MethodSource("longTexts")
    void veryLongTextIsStoredExactlyOrRefusedWithATypedError(String value) {
        String readBack = inSession(session -> session.user().add(storage.clock(), storage.random(), "long")
                .flatMap(user -> session.browserSession().add(storage.clock(), storage.random(), user,
                        Optional.of(value)))
                .flatMap(created -> session.browserSession().lookup(created.id()))
                .map(found -> found.userAgent().orElseThrow()));
        // Compared without AssertJ's rendering of both sides, which would put megabytes in the report.
        assertThat(readBack.length()).isEqualTo(value.length());
        assertThat(readBack.equals(value)).as("the text read back equals the text stored").isTrue();

        // An indexed column: PostgreSQL's b-tree refuses entries over about 2.7 kB, as a DatabaseException.
        Throwable username = catchThrowable(() -> inSession(session -> session.user()
                .add(storage.clock(), storage.random(), value)
                .flatMap(user -> session.user().lookup(user.id()))
                .map(User::username)
                .doOnNext(stored -> assertThat(stored.equals(value)).as("the username read back equals the one stored")
                        .isTrue())));
        if (username != null) {
            assertThat(username).isInstanceOf(DatabaseException.class);
            assertThat(((DatabaseException) username).sqlState()).contains("54000");
            assertThat(username.getMessage()).doesNotContain(value.substring(0, 100));
        }
    }

    // ---- NUL

    @ParameterizedTest
    @MethodSource("textsWithNul")
    void nulIsRefusedBeforeTheDriverNamingTheFieldAndTheSessionStaysUsable(String value) {
        List<Throwable> refusals = new ArrayList<>();
        Long users = inSession(session -> session.user().add(storage.clock(), storage.random(), "nul-owner")
                .flatMap(user -> {
                    List<Mono<?>> attempts = List.of(
                            session.user().add(storage.clock(), storage.random(), value),
                            session.user().findByUsername(value),
                            session.user().exists(value),
                            session.user().count(UserFilter.all().search(value)),
                            session.userEmail().add(storage.clock(), storage.random(), user, value),
                            session.userEmail().findByEmail(value),
                            session.userPassword().add(storage.clock(), storage.random(), user, 1, value,
                                    Optional.empty()),
                            session.userRegistrationToken().add(storage.clock(), storage.random(), value,
                                    Optional.empty(), Optional.empty()),
                            session.userRegistrationToken().findByToken(value),
                            session.userRecovery().findTicket(value),
                            session.browserSession().add(storage.clock(), storage.random(), user, Optional.of(value)),
                            session.userTerms().acceptTerms(storage.clock(), storage.random(), user, value),
                            session.queueJob().schedule(storage.clock(), storage.random(), value,
                                    JsonValue.EMPTY_OBJECT, JsonValue.EMPTY_OBJECT),
                            session.queueJob().scheduleLater(storage.clock(), storage.random(), "q",
                                    JsonValue.EMPTY_OBJECT, JsonValue.EMPTY_OBJECT, storage.clock().now(),
                                    Optional.of(value)),
                            session.queueJob().reserve(storage.clock(), new Worker(user.id()), List.of(value), 1),
                            session.queueJob().markAsFailed(storage.clock(), user.id(), value),
                            session.queueSchedule().setup(List.of(value)));
                    return Flux.fromIterable(attempts)
                            .concatMap(attempt -> attempt.then(Mono.<Throwable>empty()).onErrorResume(Mono::just))
                            .doOnNext(refusals::add)
                            .then(session.user().count(UserFilter.all()));
                }));

        assertThat(refusals).hasSize(17).allSatisfy(refusal -> assertThat(refusal)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contains a NUL character")
                .hasMessageNotContaining(value));
        assertThat(users).as("the session went on after every refusal").isEqualTo(1);
    }

    // ---- pages, cursors, batch limits

    @ParameterizedTest
    @MethodSource("pageSizes")
    void aPageSizeIsAcceptedFrom1To1000AndRefusedOtherwise(int count) {
        Throwable first = catchThrowable(() -> Pagination.first(count));
        Throwable last = catchThrowable(() -> Pagination.last(count));
        if (count >= 1 && count <= Pagination.MAX_COUNT) {
            assertThat(first).isNull();
            assertThat(last).isNull();
        } else {
            assertThat(List.of(first, last)).allSatisfy(error -> assertThat(error)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a page holds 1 to 1000 items; " + count + " were asked for"));
        }
    }

    @ParameterizedTest
    @MethodSource("cursors")
    void anyCursorGivesThePageStrictlyAfterOrBeforeIt(CursorCase request) {
        Ulid cursor = request.cursor();
        boolean forward = request.forward();
        List<Ulid> ids = new ArrayList<>();
        Page<User> page = inSession(session -> Flux.range(0, 5)
                .concatMap(i -> session.user().add(new FrozenClock(cursorUserCreatedAt(i)),
                        storage.random(), "cursor-" + i))
                .doOnNext(user -> ids.add(user.id()))
                .then(session.user().list(UserFilter.all(),
                        forward ? Pagination.first(10).after(cursor) : Pagination.last(10).before(cursor))));

        List<Ulid> expected = ids.stream()
                .filter(id -> forward ? id.compareTo(cursor) > 0 : id.compareTo(cursor) < 0)
                .sorted()
                .toList();
        assertThat(page.items().stream().map(User::id).toList()).isEqualTo(expected);
    }

    private static Instant cursorUserCreatedAt(int i) {
        return Instant.ofEpochMilli(i * 1_000_000_000_000L);
    }

    @ParameterizedTest
    @MethodSource("cleanupLimits")
    void aCleanupBatchLimitIsAcceptedFrom1AndRefusedBelow(int limit) {
        Throwable error = catchThrowable(() -> inSession(session -> session.userRecovery()
                .cleanup(null, Instant.EPOCH.plus(Duration.ofDays(1)), limit)));
        if (limit >= 1) {
            assertThat(error).isNull();
        } else {
            assertThat(error).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 1 row, not " + limit);
        }
    }

    @Test
    void theLargestLimitAndCountAreFine() {
        assertThat(inSession(session -> session.userRecovery().cleanup(null, Instant.now(), Integer.MAX_VALUE)
                .then(session.user().list(UserFilter.all(), Pagination.last(Pagination.MAX_COUNT))))
                .items()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("usageLimits")
    void aUsageLimitIsStoredExactlyFrom0AndRefusedBelow(int limit) {
        Throwable added = catchThrowable(() -> {
            Optional<Integer> stored = inSession(session -> session.userRegistrationToken()
                    .add(storage.clock(), storage.random(), "limited", Optional.of(limit), Optional.empty())
                    .flatMap(token -> session.userRegistrationToken().lookup(token.id()))
                    .map(UserRegistrationToken::usageLimit));
            assertThat(stored).contains(limit);
        });
        Throwable set = catchThrowable(() -> {
            Optional<Integer> stored = inSession(session -> session.userRegistrationToken()
                    .add(storage.clock(), storage.random(), "unlimited", Optional.empty(), Optional.empty())
                    .flatMap(token -> session.userRegistrationToken().setUsageLimit(token, Optional.of(limit)))
                    .flatMap(token -> session.userRegistrationToken().lookup(token.id()))
                    .map(UserRegistrationToken::usageLimit));
            assertThat(stored).contains(limit);
        });
        if (limit >= 0) {
            assertThat(added).isNull();
            assertThat(set).isNull();
        } else {
            assertThat(List.of(added, set)).allSatisfy(error -> assertThat(error)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("usage limit is 0 or more, not " + limit));
        }
    }

    // ---- instants

    @ParameterizedTest
    @MethodSource("storedInstants")
    void anInstantIsStoredExactlyOrRefusedWithAClearError(Instant at) {
        Throwable error = catchThrowable(() -> {
            Optional<Instant> stored = inSession(session -> session.userRegistrationToken()
                    .add(storage.clock(), storage.random(), "expiring", Optional.empty(), Optional.of(at))
                    .flatMap(token -> session.userRegistrationToken().lookup(token.id()))
                    .map(UserRegistrationToken::expiresAt));
            assertThat(stored).contains(at);
        });
        boolean storable = !at.isBefore(POSTGRES_FIRST) && at.isBefore(POSTGRES_END);
        if (storable) {
            assertThat(error).isNull();
        } else {
            assertThat(error).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("outside the range PostgreSQL can store");
        }
    }

    @ParameterizedTest
    @MethodSource("clockInstants")
    void aClockOutsideTheIdRangeIsRefusedAndFiltersAcceptAnyInstant(Instant at) {
        Throwable add = catchThrowable(() -> inSession(session -> session.user()
                .add(new FrozenClock(at), storage.random(), "timed")));
        boolean identifiable = !at.isBefore(Instant.EPOCH) && at.isBefore(ULID_LAST.plusMillis(1));
        if (identifiable) {
            assertThat(add).isNull();
        } else {
            assertThat(add).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a ULID holds instants from 1970 to 10889");
        }

        Throwable filter = catchThrowable(() -> inSession(session -> session.browserSession().count(
                BrowserSessionFilter.all().createdBefore(at).createdAfter(at).lastActiveBefore(at).lastActiveAfter(at))));
        if (!at.isBefore(POSTGRES_FIRST) && at.isBefore(POSTGRES_END)) {
            assertThat(filter).isNull();
        } else {
            assertThat(filter).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("outside the range PostgreSQL can store");
        }
    }

    @Test
    void aBrowserSessionNeedsNoUserAgent() {
        Optional<String> userAgent = inSession(session -> session.user()
                .add(storage.clock(), storage.random(), "agentless")
                .flatMap(user -> session.browserSession().add(storage.clock(), storage.random(), user,
                        Optional.empty()))
                .map(BrowserSession::userAgent));
        assertThat(userAgent).isEmpty();
    }
}
