package io.authstore.storage.jooq.oauth2;

import static io.authstore.snapshot.Tables.OAUTH2_ACCESS_TOKENS;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.accessToken;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.Cleanup;
import io.authstore.storage.ConflictException;
import io.authstore.storage.InconsistencyException;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.Convert;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.oauth2.AccessToken;
import io.authstore.storage.oauth2.OAuth2Session;
import io.authstore.storage.oauth2.RefreshToken;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StorageExtension.class)
class OAuth2RefreshTokenRepositoryTest {

    private static RefreshToken add(TestStorage storage, OAuth2Session session, String token) {
        storage.clock().advance(Duration.ofSeconds(1));
        AccessToken access = accessToken(storage, session, "at-for-" + token, Optional.empty());
        return storage.saved(s -> s.oauth2RefreshToken().add(storage.clock(), storage.random(), session, access,
                token));
    }

    private static RefreshToken byToken(TestStorage storage, String token) {
        return storage.read(s -> s.oauth2RefreshToken().findByToken(token));
    }

    @Test
    void addedTokensAreFoundAndUnknownOnesAreNot(TestStorage storage) {
        OAuth2Session session = session(storage);
        RefreshToken token = add(storage, session, "mar_one");
        assertThat(token.isValid()).isTrue();
        assertThat(token.accessTokenId()).isPresent();
        assertThat(token.toString()).doesNotContain("mar_one");
        assertThat(byToken(storage, "mar_one")).isEqualTo(token);
        assertThat(storage.<RefreshToken>read(s -> s.oauth2RefreshToken().lookup(token.id()))).isEqualTo(token);
        assertThat(byToken(storage, "mar_two")).isNull();
        assertThat(storage.<RefreshToken>read(s -> s.oauth2RefreshToken().lookup(Ulid.minAt(Instant.EPOCH))))
                .isNull();
        assertThatThrownBy(() -> byToken(storage, "\0")).isInstanceOf(IllegalArgumentException.class);

        storage.sql().deleteFrom(OAUTH2_ACCESS_TOKENS).execute();
        assertThat(byToken(storage, "mar_one").accessTokenId()).as("ON DELETE SET NULL").isEmpty();
    }

    @Test
    void aTakenValueIsAConflictThatLeavesTheSessionUsable(TestStorage storage) {
        OAuth2Session session = session(storage);
        RefreshToken taken = add(storage, session, "mar_taken");
        AccessToken access = accessToken(storage, session, "at-2", Optional.empty());
        RefreshToken other = storage.saved(s -> s.oauth2RefreshToken()
                .add(storage.clock(), storage.random(), session, access, "mar_taken")
                .onErrorResume(ConflictException.class, conflict -> s.oauth2RefreshToken()
                        .add(storage.clock(), storage.random(), session, access, "mar_other")));
        assertThat(byToken(storage, "mar_other")).isEqualTo(other);
        assertThat(byToken(storage, "mar_taken")).isEqualTo(taken);
    }

    @Test
    void consumeLinksTheReplacementAndMayBeRepeatedButNotAfterARevoke(TestStorage storage) {
        OAuth2Session session = session(storage);
        RefreshToken old = add(storage, session, "mar_old");
        RefreshToken next = add(storage, session, "mar_next");
        RefreshToken retry = add(storage, session, "mar_retry");

        RefreshToken consumed = storage.saved(s -> s.oauth2RefreshToken().consume(storage.clock(), old, next));
        assertThat(consumed.state()).isEqualTo(new RefreshToken.State.Consumed(storage.clock().now(),
                Optional.of(next.id())));
        assertThat(byToken(storage, "mar_old")).isEqualTo(consumed);

        storage.clock().advance(Duration.ofSeconds(3));
        RefreshToken again = storage.saved(s -> s.oauth2RefreshToken().consume(storage.clock(), consumed, retry));
        assertThat(again.nextRefreshTokenId()).as("as MAS: a retried refresh relinks").contains(retry.id());
        assertThat(byToken(storage, "mar_old")).isEqualTo(again);

        assertThatThrownBy(() -> storage.saved(s -> s.oauth2RefreshToken().revoke(storage.clock(), again)))
                .isInstanceOf(InvalidTransitionException.class).hasMessageContaining("consumed");
        RefreshToken revoked = storage.saved(s -> s.oauth2RefreshToken().revoke(storage.clock(), next));
        assertThat(revoked.state()).isEqualTo(new RefreshToken.State.Revoked(storage.clock().now()));
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2RefreshToken().revoke(storage.clock(), revoked)))
                .isInstanceOf(InvalidTransitionException.class).hasMessageContaining("already revoked");
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2RefreshToken().consume(storage.clock(), revoked, retry)))
                .isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2RefreshToken().consume(storage.clock(), next, retry)))
                .as("a stale copy of the revoked token").isInstanceOf(NotAffectedException.class);
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2RefreshToken().revoke(storage.clock(), retry)
                .then(s.oauth2RefreshToken().revoke(storage.clock(), retry))))
                .as("a stale copy of a token revoked in the same session").isInstanceOf(NotAffectedException.class);
    }

    @Test
    void aRowBothRevokedAndConsumedIsAnInconsistency(TestStorage storage) {
        RefreshToken token = add(storage, session(storage), "mar_bad");
        storage.sql().update(io.authstore.snapshot.Tables.OAUTH2_REFRESH_TOKENS)
                .set(io.authstore.snapshot.Tables.OAUTH2_REFRESH_TOKENS.REVOKED_AT,
                        Convert.timestamp(storage.clock().now()))
                .set(io.authstore.snapshot.Tables.OAUTH2_REFRESH_TOKENS.CONSUMED_AT,
                        Convert.timestamp(storage.clock().now()))
                .execute();
        assertThatThrownBy(() -> byToken(storage, "mar_bad")).isInstanceOf(InconsistencyException.class)
                .hasMessageContaining(token.id().toString());
    }

    @Test
    void cleanupRevokedDeletesInBatchesFromItsCursor(TestStorage storage) {
        OAuth2Session session = session(storage);
        RefreshToken a = add(storage, session, "mar_a");
        RefreshToken b = add(storage, session, "mar_b");
        RefreshToken live = add(storage, session, "mar_live");
        storage.clock().advance(Duration.ofMinutes(1));
        Instant first = storage.clock().now();
        storage.saved(s -> s.oauth2RefreshToken().revoke(storage.clock(), a));
        storage.clock().advance(Duration.ofMinutes(1));
        Instant second = storage.clock().now();
        storage.saved(s -> s.oauth2RefreshToken().revoke(storage.clock(), b));
        Instant until = second.plusSeconds(1);

        Cleanup one = storage.saved(s -> s.oauth2RefreshToken().cleanupRevoked(null, until, 1));
        assertThat(one).isEqualTo(new Cleanup(1, Optional.of(first)));
        Cleanup two = storage.saved(s -> s.oauth2RefreshToken().cleanupRevoked(one.resumeFrom().orElseThrow(),
                until, 1));
        assertThat(two).isEqualTo(new Cleanup(1, Optional.of(second)));
        assertThat(storage.<Cleanup>saved(s -> s.oauth2RefreshToken().cleanupRevoked(two.resumeFrom().orElseThrow(),
                until, 1))).isEqualTo(Cleanup.NOTHING);
        assertThat(byToken(storage, "mar_live")).isEqualTo(live);
    }

    @Test
    void cleanupConsumedKeepsTheNewestConsumedLinkOfAChain(TestStorage storage) {
        OAuth2Session session = session(storage);
        RefreshToken t1 = add(storage, session, "mar_1");
        RefreshToken t2 = add(storage, session, "mar_2");
        RefreshToken t3 = add(storage, session, "mar_3");
        storage.clock().advance(Duration.ofMinutes(1));
        Instant consumed1 = storage.clock().now();
        storage.saved(s -> s.oauth2RefreshToken().consume(storage.clock(), t1, t2));
        storage.clock().advance(Duration.ofMinutes(1));
        Instant consumed2 = storage.clock().now();
        storage.saved(s -> s.oauth2RefreshToken().consume(storage.clock(), t2, t3));
        Instant until = storage.clock().now().plusSeconds(1);

        Cleanup cleanup = storage.saved(s -> s.oauth2RefreshToken().cleanupConsumed(null, until, 10));
        assertThat(cleanup).as("t1 (its replacement t2 is consumed); t2's replacement t3 is still valid")
                .isEqualTo(new Cleanup(1, Optional.of(consumed1)));
        assertThat(byToken(storage, "mar_1")).isNull();
        assertThat(byToken(storage, "mar_2").state()).isInstanceOf(RefreshToken.State.Consumed.class);

        storage.saved(s -> s.oauth2RefreshToken().revoke(storage.clock(), t3));
        assertThat(storage.<Cleanup>saved(s -> s.oauth2RefreshToken().cleanupConsumed(cleanup.resumeFrom()
                .orElseThrow(), until, 10))).as("t3 is revoked, not consumed: t2 stays").isEqualTo(Cleanup.NOTHING);
        storage.saved(s -> s.oauth2RefreshToken().cleanupRevoked(null, until.plusSeconds(10), 10));
        assertThat(byToken(storage, "mar_2").nextRefreshTokenId()).as("ON DELETE SET NULL").isEmpty();
        assertThat(storage.<Cleanup>saved(s -> s.oauth2RefreshToken().cleanupConsumed(null, until, 10)))
                .as("its replacement is gone now").isEqualTo(new Cleanup(1, Optional.of(consumed2)));
    }
}
