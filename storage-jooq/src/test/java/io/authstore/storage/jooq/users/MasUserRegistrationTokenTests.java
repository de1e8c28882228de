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
        // Create a token
        UserRegistrationToken token = add(storage, "test_token", Optional.empty(), Optional.empty());

        // Revoke the token
        UserRegistrationToken revokedToken = storage.saved(s -> s.userRegistrationToken()
                .revoke(storage.clock(), token));

        // Verify it's revoked
        assertThat(revokedToken.revokedAt()).isPresent();

        // Unrevoke the token
        UserRegistrationToken unrevokedToken = storage.saved(s -> s.userRegistrationToken().unrevoke(revokedToken));

        // Verify it's no longer revoked
        assertThat(unrevokedToken.revokedAt()).isEmpty();

        // Check that we can find it with the non-revoked filter
        UserRegistrationTokenFilter nonRevokedFilter = UserRegistrationTokenFilter.at(storage.clock().now())
                .revoked(false);
        Page<UserRegistrationToken> page = list(storage, nonRevokedFilter, Pagination.first(10));

        assertThat(page.items()).anyMatch(t -> t.id().equals(unrevokedToken.id()));
    }

    // MAS: test_set_expiry
    @Test
    void testSetExpiry(TestStorage storage) {
        // Create a token without expiry
        UserRegistrationToken token = add(storage, "test_token_expiry", Optional.empty(), Optional.empty());

        // Verify it has no expiration
        assertThat(token.expiresAt()).isEmpty();

        // Set an expiration
        Instant futureTime = storage.clock().now().plus(Duration.ofDays(30));
        UserRegistrationToken updatedToken = storage.saved(s -> s.userRegistrationToken()
                .setExpiry(token, Optional.of(futureTime)));

        // Verify expiration is set
        assertThat(updatedToken.expiresAt()).contains(futureTime);

        // Remove the expiration
        UserRegistrationToken finalToken = storage.saved(s -> s.userRegistrationToken()
                .setExpiry(updatedToken, Optional.empty()));

        // Verify expiration is removed
        assertThat(finalToken.expiresAt()).isEmpty();
    }

    // MAS: test_set_usage_limit
    @Test
    void testSetUsageLimit(TestStorage storage) {
        // Create a token without usage limit
        UserRegistrationToken token = add(storage, "test_token_limit", Optional.empty(), Optional.empty());

        // Verify it has no usage limit
        assertThat(token.usageLimit()).isEmpty();

        // Set a usage limit
        UserRegistrationToken updatedToken = storage.saved(s -> s.userRegistrationToken()
                .setUsageLimit(token, Optional.of(5)));

        // Verify usage limit is set
        assertThat(updatedToken.usageLimit()).contains(5);

        // Change the usage limit
        UserRegistrationToken changedToken = storage.saved(s -> s.userRegistrationToken()
                .setUsageLimit(updatedToken, Optional.of(10)));

        // Verify usage limit is changed
        assertThat(changedToken.usageLimit()).contains(10);

        // Remove the usage limit
        UserRegistrationToken finalToken = storage.saved(s -> s.userRegistrationToken()
                .setUsageLimit(changedToken, Optional.empty()));

        // Verify usage limit is removed
        assertThat(finalToken.usageLimit()).isEmpty();
    }

    // MAS: test_list_and_count
    @Test
    void testListAndCount(TestStorage storage) {
        // Create different types of tokens
        // 1. A regular token
        add(storage, "token1", Optional.empty(), Optional.empty());

        // 2. A token that has been used
        UserRegistrationToken unusedToken2 = add(storage, "token2", Optional.empty(), Optional.empty());
        UserRegistrationToken token2 = storage.saved(s -> s.userRegistrationToken()
                .useToken(storage.clock(), unusedToken2));

        // 3. A token that is expired
        Instant pastTime = storage.clock().now().minus(Duration.ofDays(1));
        UserRegistrationToken token3 = add(storage, "token3", Optional.empty(), Optional.of(pastTime));

        // 4. A token that is revoked
        UserRegistrationToken unrevokedToken4 = add(storage, "token4", Optional.empty(), Optional.empty());
        UserRegistrationToken token4 = storage.saved(s -> s.userRegistrationToken()
                .revoke(storage.clock(), unrevokedToken4));

        // Test list with empty filter
        UserRegistrationTokenFilter emptyFilter = UserRegistrationTokenFilter.at(storage.clock().now());
        Page<UserRegistrationToken> page = list(storage, emptyFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(4);

        // Test count with empty filter
        long count = storage.read(s -> s.userRegistrationToken().count(emptyFilter));
        assertThat(count).isEqualTo(4);

        // Test has_been_used filter
        UserRegistrationTokenFilter usedFilter = UserRegistrationTokenFilter.at(storage.clock().now()).used(true);
        page = list(storage, usedFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(1);
        assertThat(page.edges().get(0).node().id()).isEqualTo(token2.id());

        // Test unused filter
        UserRegistrationTokenFilter unusedFilter = UserRegistrationTokenFilter.at(storage.clock().now()).used(false);
        page = list(storage, unusedFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(3);

        // Test is_expired filter
        UserRegistrationTokenFilter expiredFilter = UserRegistrationTokenFilter.at(storage.clock().now())
                .expired(true);
        page = list(storage, expiredFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(1);
        assertThat(page.edges().get(0).node().id()).isEqualTo(token3.id());

        UserRegistrationTokenFilter notExpiredFilter = UserRegistrationTokenFilter.at(storage.clock().now())
                .expired(false);
        page = list(storage, notExpiredFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(3);

        // Test is_revoked filter
        UserRegistrationTokenFilter revokedFilter = UserRegistrationTokenFilter.at(storage.clock().now())
                .revoked(true);
        page = list(storage, revokedFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(1);
        assertThat(page.edges().get(0).node().id()).isEqualTo(token4.id());

        UserRegistrationTokenFilter notRevokedFilter = UserRegistrationTokenFilter.at(storage.clock().now())
                .revoked(false);
        page = list(storage, notRevokedFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(3);

        // Test is_valid filter
        UserRegistrationTokenFilter validFilter = UserRegistrationTokenFilter.at(storage.clock().now()).valid(true);
        page = list(storage, validFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(2);

        UserRegistrationTokenFilter invalidFilter = UserRegistrationTokenFilter.at(storage.clock().now())
                .valid(false);
        page = list(storage, invalidFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(2);

        // Test combined filters
        UserRegistrationTokenFilter combinedFilter = UserRegistrationTokenFilter.at(storage.clock().now())
                .used(false)
                .revoked(true);
        page = list(storage, combinedFilter, Pagination.first(10));
        assertThat(page.edges()).hasSize(1);
        assertThat(page.edges().get(0).node().id()).isEqualTo(token4.id());

        // Test pagination
        page = list(storage, emptyFilter, Pagination.first(2));
        assertThat(page.edges()).hasSize(2);
    }
}
