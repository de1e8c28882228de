package io.authstore.storage.jooq.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.authstore.storage.DatabaseException;
import io.authstore.storage.FrozenClock;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.BrowserSessionFilter;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserFilter;
import io.authstore.storage.users.UserRecoverySession;
import io.authstore.storage.users.UserRegistrationToken;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import reactor.core.publisher.Mono;

/**
 * Bad input through the public repository API, on the real database: any string is stored and read back exactly
 * or refused with a typed error, and none changes a query's structure; NUL is refused before the driver, with the
 * session still usable; page sizes, cursors, batch limits and instants out of range get a clear error. Every try
 * runs in a session that is cancelled afterwards, so tries do not see each other's rows.
 */
class RepositoryInputPropertiesTest {

    private static TestStorage storage;

    @BeforeContainer
    static void openStorage() {
        storage = TestStorage.fresh();
    }

    @AfterContainer
    static void closeStorage() {
        storage.closeAndDrop();
    }

    private static <T> T inSession(Function<RepositorySession, Mono<T>> work) {
        return storage.read(work);
    }

    // ---- generators

    /** Characters from every Unicode plane (no NUL, no lone surrogate), mixed with quoting and SQL fragments. */
    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> anyPlane = Arbitraries.of(0, 1, 2, 3, 14, 15, 16)
                .flatMap(plane -> Arbitraries.integers().between(plane << 16, (plane << 16) | 0xFFFF))
                .filter(codePoint -> codePoint != 0
                        && (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE))
                .map(Character::toString);
        Arbitrary<String> ascii = Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(4)
                .filter(text -> text.indexOf('\0') < 0);
        Arbitrary<String> metacharacters = Arbitraries.of("'", "''", "\"", "\\", "\\'", ";", "--", "/*", "*/", "%",
                "_", "!", "$1", "$$", "?", ":name", "E'\\x41'", "'; drop table users; --", "\r\n", "\t", " ",
                "\u00a0", "\u200b", "\ufeff", "\uffff", "\ud83d\ude00");
        return Arbitraries.frequencyOf(Tuple.of(3, anyPlane), Tuple.of(2, ascii), Tuple.of(2, metacharacters))
                .list().ofMinSize(1).ofMaxSize(30)
                .map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> withNul() {
        return Arbitraries.integers().between(0, 30).flatMap(position -> text().map(text -> {
            int at = text.offsetByCodePoints(0, Math.min(position, text.codePointCount(0, text.length())));
            return text.substring(0, at) + '\0' + text.substring(at);
        }));
    }

    /** Instants anywhere Java can represent them, at the microsecond PostgreSQL stores. */
    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Instant> anywhere = Arbitraries.longs()
                .between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                .map(Instant::ofEpochSecond);
        Arbitrary<Instant> nearTheEdges = Arbitraries.of(POSTGRES_FIRST, POSTGRES_END, Instant.EPOCH, ULID_LAST)
                .flatMap(edge -> Arbitraries.longs().between(-2_000_000, 2_000_000).map(edge::plusNanos))
                .map(instant -> instant.truncatedTo(ChronoUnit.MICROS));
        return Arbitraries.oneOf(anywhere, nearTheEdges);
    }

    private static final Instant POSTGRES_FIRST = Instant.parse("-4713-11-24T00:00:00Z");
    private static final Instant POSTGRES_END = Instant.parse("+294277-01-01T00:00:00Z");
    private static final Instant ULID_LAST = Instant.ofEpochMilli((1L << 48) - 1);

    // ---- text

    @Property(tries = 150)
    void anyTextIsStoredAndReadBackExactlyAndNeverChangesAQuery(@ForAll("text") String value) {
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

    @Property(tries = 6)
    void veryLongTextIsStoredExactlyOrRefusedWithATypedError(
            @ForAll @IntRange(min = 3_000, max = 1_000_000) int length, @ForAll("text") String unit) {
        String value = unit.repeat(length / unit.length() + 1); // whole units: no surrogate pair cut in two
        String readBack = inSession(session -> session.user().add(storage.clock(), storage.random(), "long")
                .flatMap(user -> session.browserSession().add(storage.clock(), storage.random(), user,
                        Optional.of(value)))
                .flatMap(created -> session.browserSession().lookup(created.id()))
                .map(found -> found.userAgent().orElseThrow()));
        assertThat(readBack).isEqualTo(value);

        // An indexed column: PostgreSQL's b-tree refuses entries over about 2.7 kB, as a DatabaseException.
        Throwable username = catchThrowable(() -> inSession(session -> session.user()
                .add(storage.clock(), storage.random(), value)
                .flatMap(user -> session.user().lookup(user.id()))
                .map(User::username)
                .doOnNext(stored -> assertThat(stored).isEqualTo(value))));
        if (username != null) {
            assertThat(username).isInstanceOf(DatabaseException.class);
            assertThat(((DatabaseException) username).sqlState()).contains("54000");
            assertThat(username.getMessage()).doesNotContain(value.substring(0, 100));
        }
    }

    // ---- NUL

    @Property(tries = 60)
    void nulIsRefusedBeforeTheDriverNamingTheFieldAndTheSessionStaysUsable(@ForAll("withNul") String value) {
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
                            session.userTerms().acceptTerms(storage.clock(), storage.random(), user, value));
                    return reactor.core.publisher.Flux.fromIterable(attempts)
                            .concatMap(attempt -> attempt.then(Mono.<Throwable>empty()).onErrorResume(Mono::just))
                            .doOnNext(refusals::add)
                            .then(session.user().count(UserFilter.all()));
                }));

        assertThat(refusals).hasSize(12).allSatisfy(refusal -> assertThat(refusal)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contains a NUL character")
                .hasMessageNotContaining(value));
        assertThat(users).as("the session went on after every refusal").isEqualTo(1);
    }

    // ---- pages, cursors, batch limits

    @Property(tries = 200)
    void aPageSizeIsAcceptedFrom1To1000AndRefusedOtherwise(@ForAll int count) {
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

    @Property(tries = 40)
    void anyCursorGivesThePageStrictlyAfterOrBeforeIt(@ForAll long high, @ForAll long low, @ForAll boolean forward) {
        Ulid cursor = new Ulid(high, low);
        List<Ulid> ids = new ArrayList<>();
        Page<User> page = inSession(session -> reactor.core.publisher.Flux.range(0, 5)
                .concatMap(i -> session.user().add(new FrozenClock(Instant.ofEpochMilli(i * 1_000_000_000_000L)),
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

    @Property(tries = 30)
    void aCleanupBatchLimitIsAcceptedFrom1AndRefusedBelow(@ForAll int limit) {
        Throwable error = catchThrowable(() -> inSession(session -> session.userRecovery()
                .cleanup(null, Instant.EPOCH.plus(Duration.ofDays(1)), limit)));
        if (limit >= 1) {
            assertThat(error).isNull();
        } else {
            assertThat(error).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 1 row, not " + limit);
        }
    }

    @Example
    void theLargestLimitAndCountAreFine() {
        assertThat(inSession(session -> session.userRecovery().cleanup(null, Instant.now(), Integer.MAX_VALUE)
                .then(session.user().list(UserFilter.all(), Pagination.last(Pagination.MAX_COUNT))))
                .items()).isEmpty();
    }

    // ---- instants

    @Property(tries = 150)
    void anInstantIsStoredExactlyOrRefusedWithAClearError(@ForAll("instants") Instant at) {
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

    @Property(tries = 60)
    void aClockOutsideTheIdRangeIsRefusedAndFiltersAcceptAnyInstant(@ForAll("instants") Instant at) {
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

    @Example
    void aBrowserSessionNeedsNoUserAgent() {
        Optional<String> userAgent = inSession(session -> session.user()
                .add(storage.clock(), storage.random(), "agentless")
                .flatMap(user -> session.browserSession().add(storage.clock(), storage.random(), user,
                        Optional.empty()))
                .map(BrowserSession::userAgent));
        assertThat(userAgent).isEmpty();
    }
}
