package io.authstore.storage.jooq.users;

import static io.authstore.snapshot.Tables.USER_TERMS;
import static io.authstore.storage.jooq.users.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.User;
import io.authstore.storage.users.UserTerms;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

@ExtendWith(StorageExtension.class)
class UserTermsRepositoryTest {

    private static final String TOS_V1 = "https://example.com/tos/v1";
    private static final String TOS_V2 = "https://example.com/tos/v2";

    private static UserTerms accept(TestStorage storage, User user, String url) {
        storage.clock().advance(Duration.ofSeconds(1));
        return storage.saved(session -> session.userTerms().acceptTerms(storage.clock(), storage.random(), user, url));
    }

    private static List<UserTerms> all(TestStorage storage, User user) {
        return storage.read(session -> session.userTerms().all(user).collectList());
    }

    @Test
    void acceptedTermsAreStoredWithTheClocksTime(TestStorage storage) {
        User alice = user(storage, "alice");
        UserTerms accepted = accept(storage, alice, TOS_V1);

        assertThat(accepted.userId()).isEqualTo(alice.id());
        assertThat(accepted.termsUrl()).isEqualTo(TOS_V1);
        assertThat(accepted.createdAt()).isEqualTo(storage.clock().now());
        assertThat(accepted.id().timestamp()).isEqualTo(storage.clock().now());
        assertThat(all(storage, alice)).containsExactly(accepted);
    }

    @Test
    void acceptingTheSameUrlAgainReturnsTheFirstAcceptanceUnchanged(TestStorage storage) {
        User alice = user(storage, "alice");
        UserTerms first = accept(storage, alice, TOS_V1);

        UserTerms again = accept(storage, alice, TOS_V1);

        assertThat(again).isEqualTo(first);
        assertThat(storage.sql().fetchCount(USER_TERMS)).isEqualTo(1);
    }

    @Test
    void acceptingTwiceInOneSessionLeavesTheSessionUsable(TestStorage storage) {
        User alice = user(storage, "alice");

        List<UserTerms> saved = storage.saved(session -> session.userTerms()
                .acceptTerms(storage.clock(), storage.random(), alice, TOS_V1)
                .flatMap(first -> session.userTerms().acceptTerms(storage.clock(), storage.random(), alice, TOS_V1)
                        .doOnNext(again -> assertThat(again).isEqualTo(first)))
                .then(Mono.defer(() -> {
                    storage.clock().advance(Duration.ofSeconds(1));
                    return session.userTerms().acceptTerms(storage.clock(), storage.random(), alice, TOS_V2);
                }))
                .then(session.userTerms().all(alice).collectList()));

        assertThat(saved).extracting(UserTerms::termsUrl).containsExactly(TOS_V1, TOS_V2);
        assertThat(all(storage, alice)).isEqualTo(saved);
    }

    @Test
    void allListsOnlyTheUsersAcceptancesOldestFirst(TestStorage storage) {
        User alice = user(storage, "alice");
        User bob = user(storage, "bob");
        UserTerms aliceV1 = accept(storage, alice, TOS_V1);
        UserTerms bobV1 = accept(storage, bob, TOS_V1);
        UserTerms aliceV2 = accept(storage, alice, TOS_V2);

        assertThat(bobV1.id()).as("the same URL accepted by another user is its own row").isNotEqualTo(aliceV1.id());
        assertThat(all(storage, alice)).containsExactly(aliceV1, aliceV2);
        assertThat(all(storage, bob)).containsExactly(bobV1);
        assertThat(all(storage, user(storage, "carol"))).isEmpty();
    }

    @Test
    void anErrorInsideTheSessionLeavesNothingWritten(TestStorage storage) {
        User alice = user(storage, "alice");

        Mono<UserTerms> failing = storage.factory().transaction(session -> session.userTerms()
                .acceptTerms(storage.clock(), storage.random(), alice, TOS_V1)
                .then(Mono.error(new RuntimeException("boom"))));

        assertThatThrownBy(() -> failing.block(TestStorage.TIMEOUT))
                .hasMessageContaining("boom");
        assertThat(all(storage, alice)).isEmpty();
    }
}
