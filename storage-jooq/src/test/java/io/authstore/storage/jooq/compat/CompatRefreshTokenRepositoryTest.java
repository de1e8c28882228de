package io.authstore.storage.jooq.compat;

import static io.authstore.snapshot.Tables.COMPAT_REFRESH_TOKENS;
import static io.authstore.storage.jooq.compat.CompatSessionRepositoryTest.start;
import static io.authstore.storage.jooq.compat.CompatSessionRepositoryTest.user;
import static io.authstore.storage.jooq.testing.TestStorage.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.ConflictException;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.compat.CompatAccessToken;
import io.authstore.storage.compat.CompatRefreshToken;
import io.authstore.storage.compat.CompatRefreshTokenReplacement;
import io.authstore.storage.compat.CompatRefreshTokenState;
import io.authstore.storage.compat.CompatSession;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@ExtendWith(StorageExtension.class)
class CompatRefreshTokenRepositoryTest {

    private record Issued(CompatSession session, CompatAccessToken accessToken, CompatRefreshToken refreshToken) {}

    private static Issued issue(TestStorage storage, String refreshToken) {
        CompatSession session = start(storage, user(storage, "user-" + refreshToken), "DEV");
        return storage.saved(s -> s.compatAccessToken()
                .add(storage.clock(), storage.random(), session, "at-" + refreshToken, Optional.empty())
                .flatMap(at -> s.compatRefreshToken()
                        .add(storage.clock(), storage.random(), session, at, refreshToken)
                        .map(rt -> new Issued(session, at, rt))));
    }

    private static List<String> validTokens(TestStorage storage, CompatSession session) {
        return storage.sql().select(COMPAT_REFRESH_TOKENS.REFRESH_TOKEN).from(COMPAT_REFRESH_TOKENS)
                .where(COMPAT_REFRESH_TOKENS.COMPAT_SESSION_ID.eq(session.id().toUuid()))
                .and(COMPAT_REFRESH_TOKENS.CONSUMED_AT.isNull())
                .fetch(COMPAT_REFRESH_TOKENS.REFRESH_TOKEN);
    }

    @Test
    void addedTokenIsFoundAndAnUnknownOneIsNot(TestStorage storage) {
        Issued issued = issue(storage, "rt-1");
        CompatRefreshToken token = issued.refreshToken();
        assertThat(token.state()).isEqualTo(CompatRefreshTokenState.VALID);
        assertThat(token.accessTokenId()).isEqualTo(issued.accessToken().id());
        assertThat(token.toString()).doesNotContain("rt-1");
        assertThat(storage.<CompatRefreshToken>read(s -> s.compatRefreshToken().lookup(token.id()))).isEqualTo(token);
        assertThat(storage.<CompatRefreshToken>read(s -> s.compatRefreshToken().findByToken("rt-1"))).isEqualTo(token);
        assertThat(storage.<CompatRefreshToken>read(s -> s.compatRefreshToken().findByToken("rt-2"))).isNull();
        assertThat(storage.<CompatRefreshToken>read(s -> s.compatRefreshToken().lookup(Ulid.minAt(Instant.EPOCH))))
                .isNull();
    }

    @Test
    void aTakenTokenConflictsAndLeavesTheSessionUsable(TestStorage storage) {
        Issued issued = issue(storage, "taken");
        CompatRefreshToken other = storage.saved(s -> s.compatRefreshToken()
                .add(storage.clock(), storage.random(), issued.session(), issued.accessToken(), "taken")
                .onErrorResume(ConflictException.class, e -> {
                    assertThat(e.constraint()).isEqualTo("compat_refresh_tokens_refresh_token_unique");
                    return Mono.empty();
                })
                .then(s.compatRefreshToken().add(storage.clock(), storage.random(), issued.session(),
                        issued.accessToken(), "free")));
        assertThat(storage.<CompatRefreshToken>read(s -> s.compatRefreshToken().findByToken("free")))
                .isEqualTo(other);
    }

    @Test
    void consumeAndReplaceConsumesEveryValidTokenOfTheSessionAndAddsTheSuccessor(TestStorage storage) {
        Issued issued = issue(storage, "rt-1");
        // A second valid token of the same session, as syn2mas imports them.
        CompatRefreshToken imported = storage.saved(s -> s.compatRefreshToken()
                .add(storage.clock(), storage.random(), issued.session(), issued.accessToken(), "rt-imported"));
        Issued otherSession = issue(storage, "rt-other");
        storage.clock().advance(Duration.ofMinutes(1));
        CompatAccessToken newAccess = storage.saved(s -> s.compatAccessToken()
                .add(storage.clock(), storage.random(), issued.session(), "at-2", Optional.empty()));

        CompatRefreshTokenReplacement replacement = storage.saved(s -> s.compatRefreshToken()
                .consumeAndReplace(storage.clock(), storage.random(), issued.refreshToken(), newAccess, "rt-2"));
        Instant now = storage.clock().now();
        assertThat(replacement.consumed().state()).isEqualTo(new CompatRefreshTokenState.Consumed(now));
        assertThat(replacement.successor().token()).isEqualTo("rt-2");
        assertThat(replacement.successor().accessTokenId()).isEqualTo(newAccess.id());
        assertThat(replacement.successor().sessionId()).isEqualTo(issued.session().id());
        assertThat(replacement.successor().isValid()).isTrue();
        assertThat(storage.<CompatRefreshToken>read(s -> s.compatRefreshToken().lookup(imported.id())).state())
                .isEqualTo(new CompatRefreshTokenState.Consumed(now));
        assertThat(storage.<CompatRefreshToken>read(s -> s.compatRefreshToken().findByToken("rt-2")))
                .isEqualTo(replacement.successor());
        assertThat(validTokens(storage, issued.session())).containsExactly("rt-2");
        assertThat(validTokens(storage, otherSession.session())).as("other sessions untouched")
                .containsExactly("rt-other");

        // The repeat with the consumed value is refused before anything is sent; a stale copy changes nothing.
        assertThatThrownBy(() -> storage.saved(s -> s.compatRefreshToken().consumeAndReplace(storage.clock(),
                storage.random(), replacement.consumed(), newAccess, "rt-3")))
                .isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> storage.saved(s -> s.compatRefreshToken().consumeAndReplace(storage.clock(),
                storage.random(), issued.refreshToken(), newAccess, "rt-3")))
                .isInstanceOf(NotAffectedException.class);
        assertThat(validTokens(storage, issued.session())).containsExactly("rt-2");
        assertThatThrownBy(() -> storage.saved(s -> s.compatRefreshToken().consumeAndReplace(storage.clock(),
                storage.random(), replacement.successor(), otherSession.accessToken(), "rt-3")))
                .as("an access token of another session").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTakenSuccessorValueConsumesNothingAndLeavesTheSessionUsable(TestStorage storage) {
        Issued issued = issue(storage, "rt-1");
        issue(storage, "rt-taken");
        CompatRefreshTokenReplacement replacement = storage.saved(s -> s.compatRefreshToken()
                .consumeAndReplace(storage.clock(), storage.random(), issued.refreshToken(), issued.accessToken(),
                        "rt-taken")
                .onErrorResume(ConflictException.class, e -> {
                    assertThat(e.constraint()).isEqualTo("compat_refresh_tokens_refresh_token_unique");
                    return Mono.empty();
                })
                .then(s.compatRefreshToken().findByToken("rt-1"))
                .doOnNext(token -> assertThat(token.isValid()).as("consumption undone").isTrue())
                .flatMap(token -> s.compatRefreshToken().consumeAndReplace(storage.clock(), storage.random(),
                        token, issued.accessToken(), "rt-2")));
        assertThat(replacement.successor().token()).isEqualTo("rt-2");
        assertThat(validTokens(storage, issued.session())).containsExactly("rt-2");
    }

    @Test
    void aSecondRefreshWaitsForTheFirstAndThenFailsHavingChangedNothing(TestStorage storage) throws Exception {
        Issued issued = issue(storage, "rt-1");
        RepositorySession first = storage.open();
        RepositorySession second = storage.open();
        CompatRefreshTokenReplacement won = await(first.compatRefreshToken().consumeAndReplace(storage.clock(),
                storage.random(), issued.refreshToken(), issued.accessToken(), "rt-first"));

        CompletableFuture<CompatRefreshTokenReplacement> racing = second.compatRefreshToken()
                .consumeAndReplace(storage.clock(), storage.random(), issued.refreshToken(), issued.accessToken(),
                        "rt-second")
                .toFuture();
        Thread.sleep(300);
        assertThat(racing).as("blocked on the first refresh's row lock").isNotDone();
        await(first.save());

        assertThatThrownBy(() -> racing.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NotAffectedException.class);
        await(second.save());
        assertThat(validTokens(storage, issued.session())).containsExactly("rt-first");
        assertThat(won.successor().token()).isEqualTo("rt-first");
    }

    @Test
    void ofConcurrentRefreshesWithOneTokenExactlyOneSucceeds(TestStorage storage) {
        Issued issued = issue(storage, "rt-1");
        int racers = 4;
        List<Mono<Object>> attempts = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            String successor = "rt-successor-" + i;
            attempts.add(storage.factory()
                    .transaction(s -> s.compatRefreshToken().consumeAndReplace(storage.clock(), storage.random(),
                            issued.refreshToken(), issued.accessToken(), successor))
                    .<Object>map(replacement -> replacement)
                    .onErrorResume(error -> Mono.just(error)));
        }
        List<Object> outcomes = Flux.merge(attempts).collectList().block(TestStorage.TIMEOUT);

        assertThat(outcomes).hasSize(racers);
        assertThat(outcomes).filteredOn(CompatRefreshTokenReplacement.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(Throwable.class::isInstance).hasSize(racers - 1)
                .allSatisfy(error -> assertThat(error).isInstanceOf(NotAffectedException.class));
        CompatRefreshTokenReplacement winner = (CompatRefreshTokenReplacement) outcomes.stream()
                .filter(CompatRefreshTokenReplacement.class::isInstance).findFirst().orElseThrow();
        assertThat(validTokens(storage, issued.session())).containsExactly(winner.successor().token());
        assertThat(storage.sql().fetchCount(COMPAT_REFRESH_TOKENS)).as("the original and one successor").isEqualTo(2);
    }
}
