package io.authstore.storage.jooq.personal;

import static io.authstore.snapshot.Tables.PERSONAL_ACCESS_TOKENS;
import static io.authstore.storage.jooq.personal.PersonalFixtures.session;
import static io.authstore.storage.jooq.personal.PersonalFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.ConflictException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.personal.PersonalAccessToken;
import io.authstore.storage.personal.PersonalSession;
import io.authstore.storage.personal.PersonalSessionOwner;
import io.authstore.storage.users.User;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@ExtendWith(StorageExtension.class)
class PersonalAccessTokenRepositoryTest {

    private static PersonalSession botSession(TestStorage storage) {
        User bot = user(storage, "bot");
        return session(storage, PersonalSessionOwner.user(bot), bot, Set.of("openid"));
    }

    private static PersonalAccessToken add(TestStorage storage, PersonalSession session, String value) {
        return storage.saved(s -> s.personalAccessToken()
                .add(storage.clock(), storage.random(), session, value, Optional.of(Duration.ofDays(1))));
    }

    @Test
    void onlyTheSha256IsStoredAndFindByTokenHashesItsArgument(TestStorage storage) {
        PersonalSession session = botSession(storage);
        String value = "mpt_clear-text-value";
        PersonalAccessToken token = add(storage, session, value);
        assertThat(token.expiresAt()).contains(storage.clock().now().plus(Duration.ofDays(1)));
        assertThat(token.revokedAt()).isEmpty();

        Record row = storage.sql().selectFrom(PERSONAL_ACCESS_TOKENS).fetchSingle();
        byte[] stored = row.get(PERSONAL_ACCESS_TOKENS.ACCESS_TOKEN_SHA256);
        assertThat(stored).isEqualTo(JooqPersonalAccessTokenRepository.sha256(value));
        assertThat(stored).hasSize(32);
        for (Object column : row.intoArray()) {
            assertThat(String.valueOf(column)).doesNotContain(value);
            if (column instanceof byte[] bytes) {
                assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain(value);
            }
        }
        // The known digest of a fixed text, so the hash is SHA-256 over UTF-8 and nothing else.
        assertThat(HexFormat.of().formatHex(JooqPersonalAccessTokenRepository.sha256("abc")))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

        assertThat(storage.<PersonalAccessToken>read(s -> s.personalAccessToken().findByToken(value))).isEqualTo(token);
        assertThat(storage.<PersonalAccessToken>read(s -> s.personalAccessToken().findByToken("mpt_other"))).isNull();
        assertThat(storage.<PersonalAccessToken>read(s -> s.personalAccessToken().findByToken("nul\0"))).isNull();
        assertThat(storage.<PersonalAccessToken>read(s -> s.personalAccessToken().lookup(token.id()))).isEqualTo(token);
        assertThat(storage.<PersonalAccessToken>read(s -> s.personalAccessToken().lookup(Ulid.minAt(Instant.EPOCH))))
                .isNull();
        assertThat(storage.<PersonalAccessToken>read(s -> s.personalAccessToken().findActiveForSession(session)))
                .isEqualTo(token);
    }

    @Test
    void aSecondUnrevokedTokenConflictsAndLeavesTheSessionUsable(TestStorage storage) {
        PersonalSession session = botSession(storage);
        PersonalAccessToken first = add(storage, session, "mpt_first");
        PersonalAccessToken second = storage.saved(s -> s.personalAccessToken()
                .add(storage.clock(), storage.random(), session, "mpt_second", Optional.empty())
                .onErrorResume(ConflictException.class, e -> {
                    assertThat(e.constraint()).isEqualTo("personal_access_tokens_personal_session_id_idx");
                    return Mono.empty();
                })
                .then(s.personalAccessToken().revoke(storage.clock(), first))
                .then(s.personalAccessToken().add(storage.clock(), storage.random(), session, "mpt_second",
                        Optional.empty())));
        assertThat(storage.<PersonalAccessToken>read(s -> s.personalAccessToken().findActiveForSession(session)))
                .isEqualTo(second);

        // The value of a revoked token is still taken.
        PersonalSession other = session(storage, PersonalSessionOwner.user(user(storage, "other")),
                user(storage, "actor"), Set.of());
        assertThatThrownBy(() -> add(storage, other, "mpt_first"))
                .isInstanceOf(ConflictException.class)
                .hasMessageNotContaining("mpt_first")
                .satisfies(e -> assertThat(((ConflictException) e).constraint())
                        .isEqualTo("personal_access_tokens_access_token_sha256_key"));
    }

    @Test
    void revokeAndItsRepeatAndAMissingToken(TestStorage storage) {
        PersonalSession session = botSession(storage);
        PersonalAccessToken token = add(storage, session, "mpt_x");
        storage.clock().advance(Duration.ofMinutes(1));
        PersonalAccessToken revoked = storage.saved(s -> s.personalAccessToken().revoke(storage.clock(), token));
        assertThat(revoked.revokedAt()).contains(storage.clock().now());
        assertThat(revoked.isValidAt(storage.clock().now())).isFalse();
        assertThat(storage.<PersonalAccessToken>read(s -> s.personalAccessToken().lookup(token.id())))
                .isEqualTo(revoked);
        assertThat(storage.<PersonalAccessToken>read(s -> s.personalAccessToken().findActiveForSession(session)))
                .isNull();

        storage.clock().advance(Duration.ofMinutes(1));
        PersonalAccessToken again = storage.saved(s -> s.personalAccessToken().revoke(storage.clock(), revoked));
        assertThat(again).as("a repeat succeeds, as in MAS, but keeps the time of the first revocation")
                .isEqualTo(revoked);
        assertThat(storage.<PersonalAccessToken>saved(s -> s.personalAccessToken().revoke(storage.clock(), token)))
                .as("so does a stale copy that still looks valid").isEqualTo(revoked);

        PersonalAccessToken ghost = new PersonalAccessToken(Ulid.minAt(Instant.EPOCH), session.id(), Instant.EPOCH,
                Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> storage.saved(s -> s.personalAccessToken().revoke(storage.clock(), ghost)))
                .isInstanceOf(NotAffectedException.class);
    }

    @Test
    void aConcurrentSecondAddWaitsAndConflicts(TestStorage storage) throws Exception {
        PersonalSession session = botSession(storage);
        RepositorySession first = storage.factory().open().block(TestStorage.TIMEOUT);
        RepositorySession second = storage.factory().open().block(TestStorage.TIMEOUT);
        PersonalAccessToken won = first.personalAccessToken()
                .add(storage.clock(), storage.random(), session, "mpt_first", Optional.empty())
                .block(TestStorage.TIMEOUT);
        CompletableFuture<PersonalAccessToken> racing = second.personalAccessToken()
                .add(storage.clock(), storage.random(), session, "mpt_second", Optional.empty())
                .toFuture();
        Thread.sleep(300);
        assertThat(racing).as("waits for the first insert's transaction").isNotDone();
        first.save().block(TestStorage.TIMEOUT);
        assertThatThrownBy(() -> racing.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ConflictException.class);
        second.save().block(TestStorage.TIMEOUT);
        assertThat(storage.<PersonalAccessToken>read(s -> s.personalAccessToken().findActiveForSession(session)))
                .isEqualTo(won);
    }

    @Test
    void ofConcurrentAddsExactlyOneUnrevokedTokenRemains(TestStorage storage) {
        PersonalSession session = botSession(storage);
        List<Mono<Object>> attempts = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String value = "mpt_racer_" + i;
            attempts.add(storage.factory()
                    .transaction(s -> s.personalAccessToken()
                            .add(storage.clock(), storage.random(), session, value, Optional.empty()))
                    .<Object>map(token -> token)
                    .onErrorResume(error -> Mono.just(error)));
        }
        List<Object> outcomes = Flux.merge(attempts).collectList().block(TestStorage.TIMEOUT);
        assertThat(outcomes).filteredOn(PersonalAccessToken.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(Throwable.class::isInstance).hasSize(3)
                .allSatisfy(error -> assertThat(error).isInstanceOf(ConflictException.class));
        assertThat(storage.sql().fetchCount(PERSONAL_ACCESS_TOKENS, PERSONAL_ACCESS_TOKENS.REVOKED_AT.isNull()))
                .isEqualTo(1);
    }
}
