package io.authstore.storage.jooq.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.UserRegistrationToken;
import io.authstore.storage.users.UserRegistrationTokenFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MAS's own tests of its registration token repository ({@code crates/storage-pg/src/user/registration_token.rs}),
 * one method each, in MAS's order of operations and with each of its assertions. Each step runs in a session of its
 * own that is saved; as in MAS the clock does not move, so every token is created at the same instant.
 */
@ExtendWith(StorageExtension.class)
class MasUserRegistrationTokenTests {

    private static UserRegistrationToken add(
            TestStorage storage, String token, Optional<Integer> usageLimit, Optional<Instant> expiresAt) {
        return storage.saved(s -> s.userRegistrationToken()
                .add(storage.clock(), storage.random(), token, usageLimit, expiresAt));
    }

    private static Page<UserRegistrationToken> list(
            TestStorage storage, UserRegistrationTokenFilter filter, Pagination pagination) {
        return storage.read(s -> s.userRegistrationToken().list(filter, pagination));
    }

    // MAS: test_unrevoke
    @Test
    void testUnrevoke(TestStorage storage) {
        UserRegistrationToken token = add(storage, "test_token", Optional.empty(), Optional.empty());

        UserRegistrationToken revokedToken = storage.saved(s -> s.userRegistrationToken()
                .revoke(storage.clock(), token));

        assertThat(revokedToken.revokedAt()).isPresent();

        UserRegistrationToken unrevokedToken = storage.saved(s -> s.userRegistrationToken().unrevoke(revokedToken));

        assertThat(unrevokedToken.revokedAt()).isEmpty();

        UserRegistrationTokenFilter nonRevokedFilter = UserRegistrationTokenFilter.at(storage.clock().now())
                .revoked(false);
        Page<UserRegistrationToken> page = list(storage, nonRevokedFilter, Pagination.first(10));

        assertThat(page.items()).anyMatch(t -> t.id().equals(unrevokedToken.id()));
    }

    // MAS: test_set_expiry
    @Test
    void testSetExpiry(TestStorage storage) {
        UserRegistrationToken token = add(storage, "test_token_expiry", Optional.empty(), Optional.empty());

        assertThat(token.expiresAt()).isEmpty();

        Instant futureTime = storage.clock().now().plus(Duration.ofDays(30));
        UserRegistrationToken updatedToken = storage.saved(s -> s.userRegistrationToken()
                .setExpiry(token, Optional.of(futureTime)));

        assertThat(updatedToken.expiresAt()).contains(futureTime);

        UserRegistrationToken finalToken = storage.saved(s -> s.userRegistrationToken()
                .setExpiry(updatedToken, Optional.empty()));

        assertThat(finalToken.expiresAt()).isEmpty();
    }

    // MAS: test_set_usage_limit
    @Test
    void testSetUsageLimit(TestStorage storage) {
        UserRegistrationToken token = add(storage, "test_token_limit", Optional.empty(), Optional.empty());

        assertThat(token.usageLimit()).isEmpty();

        UserRegistrationToken updatedToken = storage.saved(s -> s.userRegistrationToken()
                .setUsageLimit(token, Optional.of(5)));

        assertThat(updatedToken.usageLimit()).contains(5);

        UserRegistrationToken changedToken = storage.saved(s -> s.userRegistrationToken()
                .setUsageLimit(updatedToken, Optional.of(10)));

        assertThat(changedToken.usageLimit()).contains(10);

        UserRegistrationToken finalToken = storage.saved(s -> s.userRegistrationToken()
                .setUsageLimit(changedToken, Optional.empty()));

        assertThat(finalToken.usageLimit()).isEmpty();
    }

    // MAS: test_list_and_count
    @Test
    void testListAndCount(TestStorage storage) {
        add(storage, "token1", Optional.empty(), Optional.empty());

        UserRegistrationToken unusedToken2 = add(storage, "token2", Optional.empty(), Optional.empty());
        UserRegistrationToken token2 = storage.saved(s -> s.userRegistrationToken()
                .useToken(storage.clock(), unusedToken2));

        Instant pastTime = storage.clock().now().minus(Duration.ofDays(1));
        UserRegistrationToken token3 = add(storage, "token3", Optional.empty(), Optional.of(pastTime));

        UserRegistrationToken unrevokedToken4 = add(storage, "token4", Optional.empty(), Optional.empty());
        UserRegistrationToken token4 = storage.saved(s -> s.userRegistrationToken()
                .revoke(storage.clock(), unrevokedToken4));

        UserRegistrationTokenFilter emptyFilter = UserRegistrationTokenFilter.at(storage.clock().now());
        Page<UserRegistrationToken> page = list(storage, emptyFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(4);

        long count = storage.read(s -> s.userRegistrationToken().count(emptyFilter));
        assertThat(count).isEqualTo(4);

        UserRegistrationTokenFilter usedFilter = UserRegistrationTokenFilter.at(storage.clock().now()).used(true);
        page = list(storage, usedFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(1);
        assertThat(page.edges().get(0).node().id()).isEqualTo(token2.id());

        UserRegistrationTokenFilter unusedFilter = UserRegistrationTokenFilter.at(storage.clock().now()).used(false);
        page = list(storage, unusedFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(3);

        UserRegistrationTokenFilter expiredFilter = UserRegistrationTokenFilter.at(storage.clock().now())
                .expired(true);
        page = list(storage, expiredFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(1);
        assertThat(page.edges().get(0).node().id()).isEqualTo(token3.id());

        UserRegistrationTokenFilter notExpiredFilter = UserRegistrationTokenFilter.at(storage.clock().now())
                .expired(false);
        page = list(storage, notExpiredFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(3);

        UserRegistrationTokenFilter revokedFilter = UserRegistrationTokenFilter.at(storage.clock().now())
                .revoked(true);
        page = list(storage, revokedFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(1);
        assertThat(page.edges().get(0).node().id()).isEqualTo(token4.id());

        UserRegistrationTokenFilter notRevokedFilter = UserRegistrationTokenFilter.at(storage.clock().now())
                .revoked(false);
        page = list(storage, notRevokedFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(3);

        UserRegistrationTokenFilter validFilter = UserRegistrationTokenFilter.at(storage.clock().now()).valid(true);
        page = list(storage, validFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(2);

        UserRegistrationTokenFilter invalidFilter = UserRegistrationTokenFilter.at(storage.clock().now())
                .valid(false);
        page = list(storage, invalidFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(2);

        UserRegistrationTokenFilter combinedFilter = UserRegistrationTokenFilter.at(storage.clock().now())
                .used(false)
                .revoked(true);
        page = list(storage, combinedFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(1);
        assertThat(page.edges().get(0).node().id()).isEqualTo(token4.id());

        page = list(storage, emptyFilter, Pagination.first(2));
        assertThat(page.edges()).hasSize(2);
    }
}
