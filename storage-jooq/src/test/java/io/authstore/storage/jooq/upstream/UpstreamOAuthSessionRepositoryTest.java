package io.authstore.storage.jooq.upstream;

import static io.authstore.snapshot.Tables.UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS;
import static io.authstore.storage.jooq.upstream.UpstreamFixtures.TRICKY_JSON;
import static io.authstore.storage.jooq.upstream.UpstreamFixtures.browserSession;
import static io.authstore.storage.jooq.upstream.UpstreamFixtures.completed;
import static io.authstore.storage.jooq.upstream.UpstreamFixtures.link;
import static io.authstore.storage.jooq.upstream.UpstreamFixtures.pending;
import static io.authstore.storage.jooq.upstream.UpstreamFixtures.provider;
import static io.authstore.storage.jooq.upstream.UpstreamFixtures.tick;
import static io.authstore.storage.jooq.upstream.UpstreamFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.authstore.storage.Cleanup;
import io.authstore.storage.ConflictException;
import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.JsonValue;
import io.authstore.storage.NotAffectedException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RepositorySession;
import io.authstore.storage.Ulid;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import io.authstore.storage.upstream.UpstreamOAuthAuthorizationSession;
import io.authstore.storage.upstream.UpstreamOAuthAuthorizationSessionState;
import io.authstore.storage.upstream.UpstreamOAuthLink;
import io.authstore.storage.upstream.UpstreamOAuthProvider;
import io.authstore.storage.upstream.UpstreamOAuthSessionFilter;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.BrowserSessionFilter;
import io.authstore.storage.users.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StorageExtension.class)
class UpstreamOAuthSessionRepositoryTest {

    private static UpstreamOAuthAuthorizationSession lookup(TestStorage storage, Ulid id) {
        return storage.read(s -> s.upstreamOAuthSession().lookup(id));
    }

    @Test
    void addStartsAPendingSessionThatLookupFinds(TestStorage storage) {
        UpstreamOAuthProvider provider = provider(storage, "client");
        UpstreamOAuthAuthorizationSession session = pending(storage, provider, "state-1");

        assertThat(session.providerId()).isEqualTo(provider.id());
        assertThat(session.stateParameter()).isEqualTo("state-1");
        assertThat(session.codeChallengeVerifier()).contains("verifier-state-1");
        assertThat(session.nonce()).contains("nonce-state-1");
        assertThat(session.createdAt()).isEqualTo(storage.clock().now());
        assertThat(session.state()).isEqualTo(UpstreamOAuthAuthorizationSessionState.PENDING);
        assertThat(session.completedAt()).isEmpty();
        assertThat(session.consumedAt()).isEmpty();
        assertThat(lookup(storage, session.id())).isEqualTo(session);
        assertThat(lookup(storage, Ulid.minAt(Instant.EPOCH))).isNull();
        assertThat(session.toString()).doesNotContain("state-1").doesNotContain("verifier-state-1")
                .doesNotContain("nonce-state-1");
    }

    @Test
    void aTakenStateIsAConflictThatLeavesTheSessionUsable(TestStorage storage) {
        UpstreamOAuthProvider provider = provider(storage, "client");
        pending(storage, provider, "taken-state");

        RepositorySession session = storage.factory().open().block(TestStorage.TIMEOUT);
        assertThatThrownBy(() -> session.upstreamOAuthSession().add(storage.clock(), storage.random(), provider,
                        "taken-state", Optional.empty(), Optional.empty()).block(TestStorage.TIMEOUT))
                .isInstanceOf(ConflictException.class)
                .hasMessageNotContaining("taken-state")
                .satisfies(e -> assertThat(((ConflictException) e).constraint())
                        .isEqualTo("upstream_oauth_authorization_sessions_state_unique"));
        UpstreamOAuthAuthorizationSession other = session.upstreamOAuthSession().add(storage.clock(),
                storage.random(), provider, "other-state", Optional.empty(), Optional.empty())
                .block(TestStorage.TIMEOUT);
        session.save().block(TestStorage.TIMEOUT);
        assertThat(lookup(storage, other.id())).isEqualTo(other);
    }

    @Test
    void completeWithLinkStoresTheAnswerAndJsonRoundTrips(TestStorage storage) {
        UpstreamOAuthProvider provider = provider(storage, "client");
        UpstreamOAuthLink link = link(storage, provider, "subject");
        UpstreamOAuthAuthorizationSession pending = pending(storage, provider, "state");
        JsonValue claims = JsonValue.parse(TRICKY_JSON);
        JsonValue extra = JsonValue.parse("{\"session_state\": \"\\u00e9t\\u00e9\", \"n\": [1e-7, 0.10]}");
        JsonValue userinfo = JsonValue.parse("[\"not an object\", {\"b\": 1, \"a\": 2}]");
        tick(storage);
        Instant now = storage.clock().now();

        UpstreamOAuthAuthorizationSession completed = storage.saved(s -> s.upstreamOAuthSession().completeWithLink(
                storage.clock(), pending, link, Optional.of("the-id-token"), Optional.of(claims), Optional.of(extra),
                Optional.of(userinfo)));

        assertThat(completed.state()).isEqualTo(new UpstreamOAuthAuthorizationSessionState.Completed(now, link.id(),
                Optional.of("the-id-token"), Optional.of(claims), Optional.of(extra), Optional.of(userinfo)));
        assertThat(completed.isCompleted()).isTrue();
        assertThat(completed.linkId()).contains(link.id());
        UpstreamOAuthAuthorizationSession found = lookup(storage, completed.id());
        assertThat(found).isEqualTo(completed);
        assertThat(found.idTokenClaims().orElseThrow().text()).isEqualTo(storage.sql()
                .select(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.ID_TOKEN_CLAIMS)
                .from(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS).fetchOne().value1().data());
        assertThat(found.toString()).doesNotContain("the-id-token");

        // Completing again, from the completed copy or from the stale pending one, fails; nothing changes.
        RepositorySession session = storage.factory().open().block(TestStorage.TIMEOUT);
        assertThatThrownBy(() -> session.upstreamOAuthSession().completeWithLink(storage.clock(), completed, link,
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())
                .block(TestStorage.TIMEOUT)).isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> session.upstreamOAuthSession().completeWithLink(storage.clock(), pending, link,
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())
                .block(TestStorage.TIMEOUT)).isInstanceOf(NotAffectedException.class);
        assertThat(session.upstreamOAuthSession().lookup(pending.id()).block(TestStorage.TIMEOUT))
                .isEqualTo(completed);
        session.cancel().block(TestStorage.TIMEOUT);
    }

    @Test
    void consumeOnlyACompletedSessionOnce(TestStorage storage) {
        UpstreamOAuthProvider provider = provider(storage, "client");
        UpstreamOAuthLink link = link(storage, provider, "subject");
        User alice = user(storage, "alice");
        BrowserSession browser = browserSession(storage, alice);
        UpstreamOAuthAuthorizationSession pending = pending(storage, provider, "state");

        RepositorySession early = storage.factory().open().block(TestStorage.TIMEOUT);
        assertThatThrownBy(() -> early.upstreamOAuthSession().consume(storage.clock(), pending, browser)
                .block(TestStorage.TIMEOUT)).isInstanceOf(InvalidTransitionException.class);
        early.cancel().block(TestStorage.TIMEOUT);

        UpstreamOAuthAuthorizationSession completed = completed(storage, pending, link, "subject", "sid");
        tick(storage);
        Instant now = storage.clock().now();
        UpstreamOAuthAuthorizationSession consumed = storage.saved(s -> s.upstreamOAuthSession()
                .consume(storage.clock(), completed, browser));
        assertThat(consumed.state()).isEqualTo(new UpstreamOAuthAuthorizationSessionState.Consumed(
                completed.completedAt().orElseThrow(), now, link.id(), completed.idToken(), completed.idTokenClaims(),
                Optional.empty(), Optional.empty()));
        assertThat(lookup(storage, consumed.id())).isEqualTo(consumed);
        // It now belongs to the browser session.
        assertThat(storage.<Page<BrowserSession>>read(s -> s.browserSession().list(BrowserSessionFilter.all()
                .linkedToUpstreamSessions(UpstreamOAuthSessionFilter.all().subClaim("subject")), Pagination.first(5)))
                .items()).extracting(BrowserSession::id).containsExactly(browser.id());

        RepositorySession again = storage.factory().open().block(TestStorage.TIMEOUT);
        assertThatThrownBy(() -> again.upstreamOAuthSession().consume(storage.clock(), consumed, browser)
                .block(TestStorage.TIMEOUT)).isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> again.upstreamOAuthSession().consume(storage.clock(), completed, browser)
                .block(TestStorage.TIMEOUT)).as("stale completed copy").isInstanceOf(NotAffectedException.class);
        assertThat(again.upstreamOAuthSession().lookup(consumed.id()).block(TestStorage.TIMEOUT)).isEqualTo(consumed);
        again.cancel().block(TestStorage.TIMEOUT);
    }

    @Test
    void everyFilterWithPagesBothWays(TestStorage storage) {
        UpstreamOAuthProvider first = provider(storage, "first");
        UpstreamOAuthProvider second = provider(storage, "second");
        UpstreamOAuthLink alice = link(storage, first, "alice");
        UpstreamOAuthLink bob = link(storage, second, "bob");
        List<UpstreamOAuthAuthorizationSession> sessions = new ArrayList<>();
        sessions.add(completed(storage, pending(storage, first, "s0"), alice, "alice", "one"));
        sessions.add(completed(storage, pending(storage, first, "s1"), alice, "alice", "two"));
        sessions.add(completed(storage, pending(storage, second, "s2"), bob, "bob", "one"));
        sessions.add(pending(storage, first, "s3"));
        sessions.add(completed(storage, pending(storage, second, "s4"), bob, "ALICE", "one"));

        UpstreamOAuthSessionFilter all = UpstreamOAuthSessionFilter.all();
        assertFilter(storage, all, sessions, 0, 1, 2, 3, 4);
        assertFilter(storage, all.provider(first), sessions, 0, 1, 3);
        assertFilter(storage, all.provider(second), sessions, 2, 4);
        assertFilter(storage, all.subClaim("alice"), sessions, 0, 1);
        assertFilter(storage, all.sidClaim("one"), sessions, 0, 2, 4);
        assertFilter(storage, all.subClaim("alice").sidClaim("two"), sessions, 1);
        assertFilter(storage, all.provider(second).subClaim("alice"), sessions);
        assertFilter(storage, all.subClaim("nobody"), sessions);

        Page<UpstreamOAuthAuthorizationSession> page =
                storage.read(s -> s.upstreamOAuthSession().list(all, Pagination.first(2)));
        assertThat(page.items()).isEqualTo(sessions.subList(0, 2));
        assertThat(page.hasNextPage()).isTrue();
        Page<UpstreamOAuthAuthorizationSession> rest = storage.read(s -> s.upstreamOAuthSession()
                .list(all, Pagination.first(5).after(page.endCursor().orElseThrow())));
        assertThat(rest.items()).isEqualTo(sessions.subList(2, 5));
        assertThat(rest.hasNextPage()).isFalse();
        Page<UpstreamOAuthAuthorizationSession> last =
                storage.read(s -> s.upstreamOAuthSession().list(all, Pagination.last(2)));
        assertThat(last.items()).isEqualTo(sessions.subList(3, 5));
        assertThat(last.hasPreviousPage()).isTrue();
        Page<UpstreamOAuthAuthorizationSession> before = storage.read(s -> s.upstreamOAuthSession()
                .list(all, Pagination.last(5).before(last.startCursor().orElseThrow())));
        assertThat(before.items()).isEqualTo(sessions.subList(0, 3));
        assertThat(before.hasPreviousPage()).isFalse();

        assertThatThrownBy(() -> all.subClaim("a\0b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subClaim");
    }

    private static void assertFilter(TestStorage storage, UpstreamOAuthSessionFilter filter,
            List<UpstreamOAuthAuthorizationSession> sessions, int... expected) {
        List<UpstreamOAuthAuthorizationSession> wanted =
                java.util.Arrays.stream(expected).mapToObj(sessions::get).toList();
        assertThat(storage.<Page<UpstreamOAuthAuthorizationSession>>read(s -> s.upstreamOAuthSession()
                .list(filter, Pagination.first(10))).items()).as("list(%s)", filter).isEqualTo(wanted);
        assertThat(storage.<Long>read(s -> s.upstreamOAuthSession().count(filter))).as("count(%s)", filter)
                .isEqualTo(expected.length);
    }

    @Test
    void nulInAnyTextIsRefusedNamingTheField(TestStorage storage) {
        UpstreamOAuthProvider provider = provider(storage, "client");
        UpstreamOAuthLink link = link(storage, provider, "subject");
        UpstreamOAuthAuthorizationSession pending = pending(storage, provider, "state");
        RepositorySession session = storage.factory().open().block(TestStorage.TIMEOUT);
        assertThatThrownBy(() -> session.upstreamOAuthSession().add(storage.clock(), storage.random(), provider,
                "st\0ate", Optional.empty(), Optional.empty()).block(TestStorage.TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("state");
        assertThatThrownBy(() -> session.upstreamOAuthSession().add(storage.clock(), storage.random(), provider,
                "state-2", Optional.of("veri\0fier"), Optional.empty()).block(TestStorage.TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("codeChallengeVerifier");
        assertThatThrownBy(() -> session.upstreamOAuthSession().add(storage.clock(), storage.random(), provider,
                "state-2", Optional.empty(), Optional.of("no\0nce")).block(TestStorage.TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nonce");
        assertThatThrownBy(() -> session.upstreamOAuthSession().completeWithLink(storage.clock(), pending, link,
                Optional.of("id\0token"), Optional.empty(), Optional.empty(), Optional.empty())
                .block(TestStorage.TIMEOUT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("idToken");
        assertThat(session.upstreamOAuthSession().lookup(pending.id()).block(TestStorage.TIMEOUT)).isEqualTo(pending);
        session.cancel().block(TestStorage.TIMEOUT);
    }

    @Test
    void cleanupOrphanedDeletesSessionsOfNoBrowserSessionInBatchesFromTheCursor(TestStorage storage) {
        UpstreamOAuthProvider provider = provider(storage, "client");
        UpstreamOAuthLink link = link(storage, provider, "subject");
        BrowserSession browser = browserSession(storage, user(storage, "alice"));
        List<UpstreamOAuthAuthorizationSession> orphans = new ArrayList<>();
        List<UpstreamOAuthAuthorizationSession> kept = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            UpstreamOAuthAuthorizationSession session = pending(storage, provider, "state-" + i);
            if (i % 3 == 0) {
                UpstreamOAuthAuthorizationSession done = completed(storage, session, link, "subject", "sid");
                kept.add(storage.saved(s -> s.upstreamOAuthSession().consume(storage.clock(), done, browser)));
            } else if (i == 4) {
                // Authenticating a browser session with it makes it that session's too.
                storage.saved(s -> s.browserSession()
                        .authenticateWithUpstream(storage.clock(), storage.random(), browser, session.id()));
                kept.add(session);
            } else {
                orphans.add(session);
            }
        }
        storage.clock().advance(Duration.ofHours(1));
        UpstreamOAuthAuthorizationSession tooRecent = pending(storage, provider, "recent");
        Instant until = tooRecent.createdAt();

        Cleanup first = storage.saved(s -> s.upstreamOAuthSession().cleanupOrphaned(null, until, 2));
        assertThat(first.affected()).isEqualTo(2);
        assertThat(first.resumeFrom()).contains(orphans.get(1).createdAt());
        Cleanup second = storage.saved(s -> s.upstreamOAuthSession()
                .cleanupOrphaned(first.resumeFrom().orElseThrow(), until, 2));
        assertThat(second.affected()).isEqualTo(1);
        assertThat(second.resumeFrom()).contains(orphans.get(2).createdAt());
        assertThat(storage.<Cleanup>saved(s -> s.upstreamOAuthSession()
                .cleanupOrphaned(second.resumeFrom().orElseThrow(), until, 2))).isEqualTo(Cleanup.NOTHING);

        for (UpstreamOAuthAuthorizationSession orphan : orphans) {
            assertThat(lookup(storage, orphan.id())).isNull();
        }
        for (UpstreamOAuthAuthorizationSession session : kept) {
            assertThat(lookup(storage, session.id())).isNotNull();
        }
        assertThat(lookup(storage, tooRecent.id())).isEqualTo(tooRecent);
    }

    @Test
    void cleanupOrphanedIsServedByAnIndexOn50000Sessions(TestStorage storage) {
        UpstreamOAuthProvider provider = provider(storage, "client");
        BrowserSession browser = browserSession(storage, user(storage, "alice"));
        // One in ten belongs to no browser session, one a second from 2026-01-01 on.
        storage.sql().execute("INSERT INTO upstream_oauth_authorization_sessions"
                + " (upstream_oauth_authorization_session_id, upstream_oauth_provider_id, user_session_id, state,"
                + "  created_at)"
                + " SELECT (lpad(to_hex((extract(epoch FROM t.at) * 1000)::bigint), 12, '0')"
                + "          || substr(md5(g::text), 1, 20))::uuid,"
                + "        '" + provider.id().toUuid() + "'::uuid,"
                + "        CASE WHEN g % 10 = 0 THEN NULL ELSE '" + browser.id().toUuid() + "'::uuid END,"
                + "        'bulk-state-' || g, t.at"
                + " FROM generate_series(1, 50000) AS g,"
                + "      LATERAL (SELECT timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second' AS at) AS t");
        storage.sql().execute("ANALYZE upstream_oauth_authorization_sessions");
        assertThat(storage.sql().fetchCount(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS)).isEqualTo(50_000);

        Instant until = Instant.parse("2026-01-01T12:00:00Z");
        for (Instant since : java.util.Arrays.asList(null, Instant.parse("2026-01-01T06:00:00Z"))) {
            var select = JooqUpstreamOAuthSessionRepository.orphanedBatch(storage.sql(), since, until, 1000);
            String plan = Explain.plan(storage, select);
            assertThat(plan).as("plan of the batch from %s:%n%s", since, plan)
                    .doesNotContain("Seq Scan on upstream_oauth_authorization_sessions")
                    .contains("upstream_oauth_authorization_sessions_orphaned");
            java.util.UUID[] ids = storage.sql().fetch(select).getValues(0, java.util.UUID.class)
                    .toArray(java.util.UUID[]::new);
            assertThat(ids).hasSize(1000);
            String delete = Explain.plan(storage, JooqUpstreamOAuthSessionRepository.deleteBatch(storage.sql(), ids));
            assertThat(delete).as("plan of the delete")
                    .doesNotContain("Seq Scan on upstream_oauth_authorization_sessions")
                    .contains("upstream_oauth_authorization_sessions_pkey");
        }
        Cleanup batch = storage.saved(s -> s.upstreamOAuthSession().cleanupOrphaned(null, until, 1000));
        assertThat(batch.affected()).isEqualTo(1000);
        assertThat(storage.sql().fetchCount(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS,
                UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS.USER_SESSION_ID.isNull())).isEqualTo(4000);
    }
}
