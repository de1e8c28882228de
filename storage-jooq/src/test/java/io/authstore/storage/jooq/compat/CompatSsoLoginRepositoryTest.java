package io.authstore.storage.jooq.compat;

import static io.authstore.storage.jooq.compat.CompatFixtures.tick;
import static io.authstore.storage.jooq.compat.CompatSessionRepositoryTest.browserSession;
import static io.authstore.storage.jooq.compat.CompatSessionRepositoryTest.start;
import static io.authstore.storage.jooq.compat.CompatSessionRepositoryTest.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.ConflictException;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.Ulid;
import io.authstore.storage.compat.CompatSession;
import io.authstore.storage.compat.CompatSsoLogin;
import io.authstore.storage.compat.CompatSsoLoginFilter;
import io.authstore.storage.compat.CompatSsoLoginState;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

@ExtendWith(StorageExtension.class)
class CompatSsoLoginRepositoryTest {

    private static final URI CALLBACK = URI.create("https://client.example.com/callback?state=1");

    private static CompatSsoLogin login(TestStorage storage, String token) {
        tick(storage);
        return storage.saved(s -> s.compatSsoLogin().add(storage.clock(), storage.random(), token, CALLBACK));
    }

    @Test
    void addedLoginIsFoundByIdAndTokenAndNothingElseIs(TestStorage storage) {
        CompatSsoLogin login = login(storage, "login-token-1");
        assertThat(login.isPending()).isTrue();
        assertThat(login.redirectUri()).isEqualTo(CALLBACK);
        assertThat(login.createdAt()).isEqualTo(storage.clock().now());
        assertThat(login.toString()).doesNotContain("login-token-1");
        assertThat(storage.<CompatSsoLogin>read(s -> s.compatSsoLogin().lookup(login.id()))).isEqualTo(login);
        assertThat(storage.<CompatSsoLogin>read(s -> s.compatSsoLogin().findByToken("login-token-1")))
                .isEqualTo(login);
        assertThat(storage.<CompatSsoLogin>read(s -> s.compatSsoLogin().findByToken("other"))).isNull();
        assertThat(storage.<CompatSsoLogin>read(s -> s.compatSsoLogin().lookup(Ulid.minAt(Instant.EPOCH)))).isNull();
        assertThatThrownBy(() -> storage.read(s -> s.compatSsoLogin().findByToken("a\0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loginToken");
    }

    @Test
    void aTakenTokenConflictsAndLeavesTheSessionUsable(TestStorage storage) {
        login(storage, "taken");
        CompatSsoLogin other = storage.saved(s -> s.compatSsoLogin()
                .add(storage.clock(), storage.random(), "taken", CALLBACK)
                .onErrorResume(ConflictException.class, e -> {
                    assertThat(e.constraint()).isEqualTo("compat_sessions_login_token_unique");
                    return Mono.empty();
                })
                .then(s.compatSsoLogin().add(storage.clock(), storage.random(), "free", CALLBACK)));
        assertThat(storage.<CompatSsoLogin>read(s -> s.compatSsoLogin().findByToken("free"))).isEqualTo(other);
    }

    @Test
    void fulfillThenExchangeAndFindForSession(TestStorage storage) {
        User alice = user(storage, "alice");
        BrowserSession browser = browserSession(storage, alice);
        CompatSession session = start(storage, alice, "DEV");
        CompatSsoLogin pending = login(storage, "lt");
        assertThat(storage.<CompatSsoLogin>read(s -> s.compatSsoLogin().findForSession(session))).isNull();

        tick(storage);
        Instant fulfilledAt = storage.clock().now();
        CompatSsoLogin fulfilled = storage.saved(s -> s.compatSsoLogin().fulfill(storage.clock(), pending, browser));
        assertThat(fulfilled.state()).isEqualTo(new CompatSsoLoginState.Fulfilled(fulfilledAt, browser.id()));
        assertThat(storage.<CompatSsoLogin>read(s -> s.compatSsoLogin().lookup(pending.id()))).isEqualTo(fulfilled);

        assertThatThrownBy(() -> storage.saved(s -> s.compatSsoLogin().fulfill(storage.clock(), pending, browser)))
                .as("a stale pending copy").isInstanceOf(NotAffectedException.class);

        tick(storage);
        CompatSsoLogin exchanged = storage.saved(s -> s.compatSsoLogin().exchange(storage.clock(), fulfilled, session));
        assertThat(exchanged.state()).isEqualTo(
                new CompatSsoLoginState.Exchanged(fulfilledAt, storage.clock().now(), session.id()));
        assertThat(storage.<CompatSsoLogin>read(s -> s.compatSsoLogin().lookup(pending.id()))).isEqualTo(exchanged);
        assertThat(storage.<CompatSsoLogin>read(s -> s.compatSsoLogin().findForSession(session))).isEqualTo(exchanged);

        assertThatThrownBy(() -> storage.saved(s -> s.compatSsoLogin().exchange(storage.clock(), fulfilled, session)))
                .as("a stale fulfilled copy").isInstanceOf(NotAffectedException.class);
    }

    @Test
    void listAndCountByUserAndStatePagingBothWays(TestStorage storage) {
        User alice = user(storage, "alice");
        User bob = user(storage, "bob");
        BrowserSession alices = browserSession(storage, alice);
        BrowserSession bobs = browserSession(storage, bob);
        CompatSession session = start(storage, alice, "DEV");
        CompatSsoLogin pending = login(storage, "p");
        CompatSsoLogin af = login(storage, "af");
        CompatSsoLogin aliceFulfilled = storage.saved(s -> s.compatSsoLogin().fulfill(storage.clock(), af, alices));
        CompatSsoLogin ae = login(storage, "ae");
        CompatSsoLogin aliceExchanged = storage.saved(s -> s.compatSsoLogin().fulfill(storage.clock(), ae, alices)
                .flatMap(l -> s.compatSsoLogin().exchange(storage.clock(), l, session)));
        CompatSsoLogin bf = login(storage, "bf");
        CompatSsoLogin bobFulfilled = storage.saved(s -> s.compatSsoLogin().fulfill(storage.clock(), bf, bobs));

        CompatSsoLoginFilter all = CompatSsoLoginFilter.all();
        assertFilter(storage, all, pending, aliceFulfilled, aliceExchanged, bobFulfilled);
        assertFilter(storage, all.user(alice), aliceFulfilled, aliceExchanged);
        assertFilter(storage, all.user(bob), bobFulfilled);
        assertFilter(storage, all.pending(), pending);
        assertFilter(storage, all.fulfilled(), aliceFulfilled, bobFulfilled);
        assertFilter(storage, all.exchanged(), aliceExchanged);
        assertFilter(storage, all.user(alice).fulfilled(), aliceFulfilled);
        assertFilter(storage, all.user(bob).exchanged());

        Page<CompatSsoLogin> first = storage.read(s -> s.compatSsoLogin().list(all, Pagination.first(3)));
        assertThat(first.items()).containsExactly(pending, aliceFulfilled, aliceExchanged);
        assertThat(first.hasNextPage()).isTrue();
        Page<CompatSsoLogin> next = storage.read(s -> s.compatSsoLogin()
                .list(all, Pagination.first(3).after(first.endCursor().orElseThrow())));
        assertThat(next.items()).containsExactly(bobFulfilled);
        assertThat(next.hasNextPage()).isFalse();
        Page<CompatSsoLogin> last = storage.read(s -> s.compatSsoLogin().list(all, Pagination.last(3)));
        assertThat(last.items()).containsExactly(aliceFulfilled, aliceExchanged, bobFulfilled);
        assertThat(last.hasPreviousPage()).isTrue();
        Page<CompatSsoLogin> previous = storage.read(s -> s.compatSsoLogin()
                .list(all, Pagination.last(3).before(last.startCursor().orElseThrow())));
        assertThat(previous.items()).containsExactly(pending);
        assertThat(previous.hasPreviousPage()).isFalse();
    }

    private static void assertFilter(TestStorage storage, CompatSsoLoginFilter filter, CompatSsoLogin... expected) {
        assertThat(storage.<Page<CompatSsoLogin>>read(s -> s.compatSsoLogin().list(filter, Pagination.first(10)))
                .items()).as(filter.toString()).isEqualTo(List.of(expected));
        assertThat(storage.<Long>read(s -> s.compatSsoLogin().count(filter))).as(filter.toString())
                .isEqualTo(expected.length);
    }
}
