package io.authstore.storage.jooq.compat;

import static io.authstore.storage.jooq.compat.CompatSessionRepositoryTest.start;
import static io.authstore.storage.jooq.compat.CompatSessionRepositoryTest.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.ConflictException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Ulid;
import io.authstore.storage.compat.CompatAccessToken;
import io.authstore.storage.compat.CompatSession;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

@ExtendWith(StorageExtension.class)
class CompatAccessTokenRepositoryTest {

    @Test
    void addWithAndWithoutExpiryAndFindThem(TestStorage storage) {
        CompatSession session = start(storage, user(storage, "alice"), "DEV");
        Instant now = storage.clock().now();
        CompatAccessToken expiring = storage.saved(s -> s.compatAccessToken()
                .add(storage.clock(), storage.random(), session, "at-expiring", Optional.of(Duration.ofMinutes(5))));
        CompatAccessToken forever = storage.saved(s -> s.compatAccessToken()
                .add(storage.clock(), storage.random(), session, "at-forever", Optional.empty()));
        assertThat(expiring.expiresAt()).contains(now.plus(Duration.ofMinutes(5)));
        assertThat(expiring.createdAt()).isEqualTo(now);
        assertThat(forever.expiresAt()).isEmpty();
        assertThat(expiring.toString()).doesNotContain("at-expiring");

        assertThat(storage.<CompatAccessToken>read(s -> s.compatAccessToken().lookup(expiring.id()))).isEqualTo(expiring);
        assertThat(storage.<CompatAccessToken>read(s -> s.compatAccessToken().findByToken("at-forever")))
                .isEqualTo(forever);
        assertThat(storage.<CompatAccessToken>read(s -> s.compatAccessToken().findByToken("at-none"))).isNull();
        assertThat(storage.<CompatAccessToken>read(s -> s.compatAccessToken().lookup(Ulid.minAt(Instant.EPOCH))))
                .isNull();

        assertThat(expiring.isValidAt(now.plus(Duration.ofMinutes(5)).minusMillis(1))).isTrue();
        assertThat(expiring.isValidAt(now.plus(Duration.ofMinutes(5)))).isFalse();
        assertThat(forever.isValidAt(Instant.MAX)).isTrue();
    }

    @Test
    void aTakenTokenConflictsAndLeavesTheSessionUsable(TestStorage storage) {
        CompatSession session = start(storage, user(storage, "alice"), "DEV");
        storage.saved(s -> s.compatAccessToken().add(storage.clock(), storage.random(), session, "taken",
                Optional.empty()));
        CompatAccessToken other = storage.saved(s -> s.compatAccessToken()
                .add(storage.clock(), storage.random(), session, "taken", Optional.empty())
                .onErrorResume(ConflictException.class, e -> {
                    assertThat(e.constraint()).isEqualTo("compat_access_tokens_access_token_unique");
                    assertThat(e.getMessage()).doesNotContain("taken\"");
                    return Mono.empty();
                })
                .then(s.compatAccessToken().add(storage.clock(), storage.random(), session, "free",
                        Optional.empty())));
        assertThat(storage.<CompatAccessToken>read(s -> s.compatAccessToken().findByToken("free"))).isEqualTo(other);
        assertThatThrownBy(() -> storage.saved(s -> s.compatAccessToken().add(storage.clock(), storage.random(),
                session, "nul\0", Optional.empty())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("token");
    }

    @Test
    void expireAndItsRepeatAndAMissingToken(TestStorage storage) {
        CompatSession session = start(storage, user(storage, "alice"), "DEV");
        CompatAccessToken token = storage.saved(s -> s.compatAccessToken()
                .add(storage.clock(), storage.random(), session, "at", Optional.of(Duration.ofHours(1))));
        storage.clock().advance(Duration.ofMinutes(1));
        CompatAccessToken expired = storage.saved(s -> s.compatAccessToken().expire(storage.clock(), token));
        assertThat(expired.expiresAt()).contains(storage.clock().now());
        assertThat(expired.isValidAt(storage.clock().now())).isFalse();
        assertThat(storage.<CompatAccessToken>read(s -> s.compatAccessToken().lookup(token.id()))).isEqualTo(expired);

        storage.clock().advance(Duration.ofMinutes(1));
        CompatAccessToken again = storage.saved(s -> s.compatAccessToken().expire(storage.clock(), expired));
        assertThat(again).as("a repeat succeeds, as in MAS, but keeps when the token expired").isEqualTo(expired);
        assertThat(storage.<CompatAccessToken>read(s -> s.compatAccessToken().lookup(token.id()))).isEqualTo(expired);
        CompatAccessToken stale = storage.saved(s -> s.compatAccessToken().expire(storage.clock(), token));
        assertThat(stale).as("so does a stale copy that still looks valid").isEqualTo(expired);

        CompatAccessToken forever = storage.saved(s -> s.compatAccessToken()
                .add(storage.clock(), storage.random(), session, "forever", Optional.empty()));
        assertThat(storage.<CompatAccessToken>saved(s -> s.compatAccessToken().expire(storage.clock(), forever))
                .expiresAt()).as("a token without expiry expires now").contains(storage.clock().now());

        CompatAccessToken ghost = new CompatAccessToken(Ulid.minAt(Instant.EPOCH), session.id(), "ghost",
                Instant.EPOCH, Optional.empty());
        assertThatThrownBy(() -> storage.saved(s -> s.compatAccessToken().expire(storage.clock(), ghost)))
                .isInstanceOf(NotAffectedException.class);
    }
}
