package io.authstore.storage.jooq.oauth2;

import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.accessToken;
import static io.authstore.storage.jooq.oauth2.OAuth2Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.Cleanup;
import io.authstore.storage.ConflictException;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.oauth2.AccessToken;
import io.authstore.storage.oauth2.OAuth2Session;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StorageExtension.class)
class OAuth2AccessTokenRepositoryTest {

    private static AccessToken byToken(TestStorage storage, String token) {
        return storage.read(s -> s.oauth2AccessToken().findByToken(token));
    }

    @Test
    void addedTokensAreFoundByIdAndValueAndNothingElseIs(TestStorage storage) {
        OAuth2Session session = session(storage);
        AccessToken expiring = accessToken(storage, session, "mat_expiring", Optional.of(Duration.ofMinutes(5)));
        assertThat(expiring.expiresAt()).contains(storage.clock().now().plus(Duration.ofMinutes(5)));
        assertThat(expiring.sessionId()).isEqualTo(session.id());
        assertThat(expiring.state()).isEqualTo(AccessToken.State.VALID);
        assertThat(expiring.toString()).doesNotContain("mat_expiring");
        AccessToken forever = accessToken(storage, session, "mat_forever", Optional.empty());
        assertThat(forever.expiresAt()).isEmpty();
        assertThat(forever.isValid(Instant.MAX)).isTrue();

        assertThat(byToken(storage, "mat_expiring")).isEqualTo(expiring);
        assertThat(byToken(storage, "mat_forever")).isEqualTo(forever);
        assertThat(storage.<AccessToken>read(s -> s.oauth2AccessToken().lookup(expiring.id()))).isEqualTo(expiring);
        assertThat(byToken(storage, "mat_unknown")).isNull();
        assertThat(byToken(storage, "MAT_EXPIRING")).as("tokens are compared exactly").isNull();
        assertThat(storage.<AccessToken>read(s -> s.oauth2AccessToken().lookup(Ulid.minAt(Instant.EPOCH)))).isNull();
        assertThatThrownBy(() -> byToken(storage, "mat\0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token");
    }

    @Test
    void aTakenValueIsAConflictThatLeavesTheSessionUsable(TestStorage storage) {
        OAuth2Session session = session(storage);
        accessToken(storage, session, "mat_taken", Optional.empty());
        AccessToken other = storage.saved(s -> s.oauth2AccessToken()
                .add(storage.clock(), storage.random(), session, "mat_taken", Optional.empty())
                .onErrorResume(ConflictException.class, conflict -> {
                    assertThat(conflict.constraint()).isEqualTo("oauth2_access_tokens_unique");
                    assertThat(conflict.getMessage()).doesNotContain("mat_taken");
                    return s.oauth2AccessToken().add(storage.clock(), storage.random(), session, "mat_other",
                            Optional.empty());
                }));
        assertThat(byToken(storage, "mat_other")).isEqualTo(other);
    }

    @Test
    void revokeOnceThenTheRepeatAndTheStaleCopy(TestStorage storage) {
        AccessToken token = accessToken(storage, session(storage), "mat_r", Optional.empty());
        storage.clock().advance(Duration.ofMinutes(1));
        AccessToken revoked = storage.saved(s -> s.oauth2AccessToken().revoke(storage.clock(), token));
        assertThat(revoked.state()).isEqualTo(new AccessToken.State.Revoked(storage.clock().now()));
        assertThat(revoked.isValid(storage.clock().now())).isFalse();
        assertThat(byToken(storage, "mat_r")).isEqualTo(revoked);

        assertThatThrownBy(() -> storage.saved(s -> s.oauth2AccessToken().revoke(storage.clock(), revoked)))
                .isInstanceOf(InvalidTransitionException.class).hasMessageContaining("already revoked");
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2AccessToken().revoke(storage.clock(), token)))
                .isInstanceOf(NotAffectedException.class);
    }

    @Test
    void markUsedRecordsTheLatestUseAndAGoneTokenIsNotAffected(TestStorage storage) {
        AccessToken token = accessToken(storage, session(storage), "mat_u", Optional.empty());
        assertThat(token.isUsed()).isFalse();
        storage.clock().advance(Duration.ofSeconds(5));
        AccessToken used = storage.saved(s -> s.oauth2AccessToken().markUsed(storage.clock(), token));
        assertThat(used.firstUsedAt()).contains(storage.clock().now());
        assertThat(byToken(storage, "mat_u")).isEqualTo(used);
        storage.clock().advance(Duration.ofSeconds(5));
        AccessToken again = storage.saved(s -> s.oauth2AccessToken().markUsed(storage.clock(), used));
        assertThat(again.firstUsedAt()).as("as MAS: each call writes the time").contains(storage.clock().now());

        AccessToken ghost = new AccessToken(Ulid.minAt(Instant.EPOCH), AccessToken.State.VALID, token.sessionId(),
                "ghost", Instant.EPOCH, Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> storage.saved(s -> s.oauth2AccessToken().markUsed(storage.clock(), ghost)))
                .isInstanceOf(NotAffectedException.class);
    }

    @Test
    void cleanupRevokedDeletesInBatchesFromItsCursor(TestStorage storage) {
        OAuth2Session session = session(storage);
        List<Instant> revokedAt = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AccessToken token = accessToken(storage, session, "mat_rev" + i, Optional.empty());
            storage.clock().advance(Duration.ofMinutes(1));
            revokedAt.add(storage.clock().now());
            storage.saved(s -> s.oauth2AccessToken().revoke(storage.clock(), token));
        }
        AccessToken live = accessToken(storage, session, "mat_live", Optional.empty());
        Instant until = storage.clock().now();

        assertThat(storage.<Cleanup>read(s -> s.oauth2AccessToken().cleanupRevoked(null, revokedAt.get(0), 10)))
                .as("until is exclusive").isEqualTo(Cleanup.NOTHING);
        Cleanup first = storage.saved(s -> s.oauth2AccessToken().cleanupRevoked(null, until, 2));
        assertThat(first).isEqualTo(new Cleanup(2, Optional.of(revokedAt.get(1))));
        Cleanup second = storage.saved(s -> s.oauth2AccessToken().cleanupRevoked(first.resumeFrom().orElseThrow(),
                until, 2));
        assertThat(second).isEqualTo(new Cleanup(1, Optional.of(revokedAt.get(2))));
        assertThat(byToken(storage, "mat_rev2")).isNull();
        assertThat(byToken(storage, "mat_live")).isEqualTo(live);
    }

    @Test
    void cleanupExpiredDeletesTokensThatExpiredInTheWindowOnly(TestStorage storage) {
        OAuth2Session session = session(storage);
        AccessToken soon = accessToken(storage, session, "mat_soon", Optional.of(Duration.ofMinutes(1)));
        AccessToken later = accessToken(storage, session, "mat_later", Optional.of(Duration.ofMinutes(10)));
        AccessToken never = accessToken(storage, session, "mat_never", Optional.empty());
        Instant until = storage.clock().now().plus(Duration.ofMinutes(5));

        Cleanup first = storage.saved(s -> s.oauth2AccessToken().cleanupExpired(null, until, 1));
        assertThat(first).isEqualTo(new Cleanup(1, soon.expiresAt()));
        assertThat(storage.<Cleanup>saved(s -> s.oauth2AccessToken().cleanupExpired(first.resumeFrom().orElseThrow(),
                until, 1))).isEqualTo(Cleanup.NOTHING);
        assertThat(byToken(storage, "mat_soon")).isNull();
        assertThat(byToken(storage, "mat_later")).isEqualTo(later);
        assertThat(byToken(storage, "mat_never")).isEqualTo(never);
    }
}
