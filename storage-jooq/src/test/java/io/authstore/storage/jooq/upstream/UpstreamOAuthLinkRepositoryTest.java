package io.authstore.storage.jooq.upstream;

import static io.authstore.snapshot.Tables.UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS;
import static io.authstore.snapshot.Tables.UPSTREAM_OAUTH_LINKS;
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
import io.authstore.storage.upstream.UpstreamOAuthLinkFilter;
import io.authstore.storage.upstream.UpstreamOAuthProvider;
import io.authstore.storage.users.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(StorageExtension.class)
class UpstreamOAuthLinkRepositoryTest {

    private static UpstreamOAuthLink named(TestStorage storage, UpstreamOAuthProvider provider, String subject,
            String humanAccountName) {
        tick(storage);
        return storage.saved(s -> s.upstreamOAuthLink()
                .add(storage.clock(), storage.random(), provider, subject, Optional.of(humanAccountName)));
    }

    @Test
    void addThenLookupAndFindBySubject(TestStorage storage) {
        UpstreamOAuthProvider provider = provider(storage, "client");
        UpstreamOAuthProvider other = provider(storage, "other");
        UpstreamOAuthLink link = named(storage, provider, "Subject-1", "alice@example.com");

        assertThat(link.providerId()).isEqualTo(provider.id());
        assertThat(link.userId()).isEmpty();
        assertThat(link.subject()).isEqualTo("Subject-1");
        assertThat(link.humanAccountName()).contains("alice@example.com");
        assertThat(link.createdAt()).isEqualTo(storage.clock().now());
        assertThat(storage.<UpstreamOAuthLink>read(s -> s.upstreamOAuthLink().lookup(link.id()))).isEqualTo(link);
        assertThat(storage.<UpstreamOAuthLink>read(s -> s.upstreamOAuthLink().findBySubject(provider, "Subject-1")))
                .isEqualTo(link);
        // Nothing found: another provider, another case, an unknown id.
        assertThat(storage.<UpstreamOAuthLink>read(s -> s.upstreamOAuthLink().findBySubject(other, "Subject-1")))
                .isNull();
        assertThat(storage.<UpstreamOAuthLink>read(s -> s.upstreamOAuthLink().findBySubject(provider, "subject-1")))
                .isNull();
        assertThat(storage.<UpstreamOAuthLink>read(s -> s.upstreamOAuthLink().lookup(Ulid.minAt(Instant.EPOCH))))
                .isNull();
    }

    @Test
    void aTakenSubjectIsAConflictThatLeavesTheSessionUsable(TestStorage storage) {
        UpstreamOAuthProvider provider = provider(storage, "client");
        UpstreamOAuthProvider other = provider(storage, "other");
        UpstreamOAuthLink first = link(storage, provider, "subject");

        RepositorySession session = storage.factory().open().block(TestStorage.TIMEOUT);
        assertThatThrownBy(() -> session.upstreamOAuthLink()
                .add(storage.clock(), storage.random(), provider, "subject", Optional.empty())
                .block(TestStorage.TIMEOUT))
                .isInstanceOf(ConflictException.class)
                .satisfies(e -> assertThat(((ConflictException) e).constraint())
                        .isEqualTo("upstream_oauth_links_subject_unique"));
        UpstreamOAuthLink sameSubjectElsewhere = session.upstreamOAuthLink()
                .add(storage.clock(), storage.random(), other, "subject", Optional.empty()).block(TestStorage.TIMEOUT);
        session.save().block(TestStorage.TIMEOUT);

        assertThat(storage.<Long>read(s -> s.upstreamOAuthLink().count(UpstreamOAuthLinkFilter.all()))).isEqualTo(2);
        assertThat(storage.<UpstreamOAuthLink>read(s -> s.upstreamOAuthLink().findBySubject(other, "subject")))
                .isEqualTo(sameSubjectElsewhere);
        assertThat(storage.<UpstreamOAuthLink>read(s -> s.upstreamOAuthLink().findBySubject(provider, "subject")))
                .isEqualTo(first);
    }

    @Test
    void associateToUserThenAnotherUserAndAMissingLink(TestStorage storage) {
        UpstreamOAuthProvider provider = provider(storage, "client");
        UpstreamOAuthLink link = link(storage, provider, "subject");
        User alice = user(storage, "alice");
        User bob = user(storage, "bob");

        UpstreamOAuthLink associated = storage.saved(s -> s.upstreamOAuthLink().associateToUser(link, alice));
        assertThat(associated.userId()).contains(alice.id());
        assertThat(storage.<UpstreamOAuthLink>saved(s -> s.upstreamOAuthLink().associateToUser(associated, alice)))
                .as("repeat").isEqualTo(associated);
        assertThat(storage.<UpstreamOAuthLink>saved(s -> s.upstreamOAuthLink().associateToUser(link, bob)).userId())
                .contains(bob.id());
        assertThat(storage.<UpstreamOAuthLink>read(s -> s.upstreamOAuthLink().lookup(link.id())).userId())
                .contains(bob.id());

        storage.saved(s -> s.upstreamOAuthLink().remove(storage.clock(), link).thenReturn(true));
        RepositorySession session = storage.factory().open().block(TestStorage.TIMEOUT);
        assertThatThrownBy(() -> session.upstreamOAuthLink().associateToUser(link, alice).block(TestStorage.TIMEOUT))
                .isInstanceOf(NotAffectedException.class);
        assertThat(session.upstreamOAuthLink().count(UpstreamOAuthLinkFilter.all()).block(TestStorage.TIMEOUT))
                .isZero();
        session.cancel().block(TestStorage.TIMEOUT);
    }

    @Test
    void everyFilterAloneAndTogetherWithPagesBothWays(TestStorage storage) {
        UpstreamOAuthProvider enabled = provider(storage, "enabled");
        UpstreamOAuthProvider disabled = provider(storage, "disabled");
        User alice = user(storage, "alice");
        User bob = user(storage, "bob");
        List<UpstreamOAuthLink> links = new ArrayList<>();
        links.add(named(storage, enabled, "s0", "Alice@Example.com"));
        links.add(named(storage, enabled, "s1", "bob_smith"));
        links.add(named(storage, disabled, "s0", "bobXsmith"));
        links.add(named(storage, disabled, "s3", "100% alice"));
        links.add(link(storage, enabled, "s4"));
        for (int i : List.of(0, 3)) {
            UpstreamOAuthLink link = links.get(i);
            links.set(i, storage.saved(s -> s.upstreamOAuthLink().associateToUser(link, alice)));
        }
        UpstreamOAuthLink link1 = links.get(1);
        links.set(1, storage.saved(s -> s.upstreamOAuthLink().associateToUser(link1, bob)));
        tick(storage);
        storage.saved(s -> s.upstreamOAuthProvider().disable(storage.clock(), disabled));

        UpstreamOAuthLinkFilter all = UpstreamOAuthLinkFilter.all();
        assertFilter(storage, all, links, 0, 1, 2, 3, 4);
        assertFilter(storage, all.user(alice), links, 0, 3);
        assertFilter(storage, all.user(bob), links, 1);
        assertFilter(storage, all.provider(enabled), links, 0, 1, 4);
        assertFilter(storage, all.provider(disabled), links, 2, 3);
        assertFilter(storage, all.enabledProvidersOnly(), links, 0, 1, 4);
        assertFilter(storage, all.disabledProvidersOnly(), links, 2, 3);
        assertFilter(storage, all.subject("s0"), links, 0, 2);
        assertFilter(storage, all.subject("S0"), links);
        assertFilter(storage, all.matchingHumanAccountName("ALICE"), links, 0, 3);
        // Taken literally: '_' and '%' are no wildcards.
        assertFilter(storage, all.matchingHumanAccountName("b_s"), links, 1);
        assertFilter(storage, all.matchingHumanAccountName("0% a"), links, 3);
        assertFilter(storage, all.matchingHumanAccountName("%"), links, 3);
        assertFilter(storage, all.user(alice).disabledProvidersOnly().subject("s3"), links, 3);
        assertFilter(storage, all.user(alice).enabledProvidersOnly().subject("s3"), links);

        Page<UpstreamOAuthLink> first = storage.read(s -> s.upstreamOAuthLink().list(all, Pagination.first(2)));
        assertThat(first.items()).isEqualTo(links.subList(0, 2));
        assertThat(first.hasNextPage()).isTrue();
        Page<UpstreamOAuthLink> next = storage.read(s -> s.upstreamOAuthLink()
                .list(all, Pagination.first(2).after(first.endCursor().orElseThrow())));
        assertThat(next.items()).isEqualTo(links.subList(2, 4));
        Page<UpstreamOAuthLink> last = storage.read(s -> s.upstreamOAuthLink().list(all, Pagination.last(3)));
        assertThat(last.items()).isEqualTo(links.subList(2, 5));
        assertThat(last.hasPreviousPage()).isTrue();
        Page<UpstreamOAuthLink> previous = storage.read(s -> s.upstreamOAuthLink()
                .list(all, Pagination.last(3).before(last.startCursor().orElseThrow())));
        assertThat(previous.items()).isEqualTo(links.subList(0, 2));
        assertThat(previous.hasPreviousPage()).isFalse();
    }

    private static void assertFilter(TestStorage storage, UpstreamOAuthLinkFilter filter, List<UpstreamOAuthLink> links,
            int... expected) {
        List<UpstreamOAuthLink> wanted = java.util.Arrays.stream(expected).mapToObj(links::get).toList();
        assertThat(storage.<Page<UpstreamOAuthLink>>read(s -> s.upstreamOAuthLink().list(filter, Pagination.first(10)))
                .items()).as("list(%s)", filter).isEqualTo(wanted);
        assertThat(storage.<Long>read(s -> s.upstreamOAuthLink().count(filter))).as("count(%s)", filter)
                .isEqualTo(expected.length);
    }

    @Test
    void removeUnlinksItsSessionsKeepingTheirHistory(TestStorage storage) {
        UpstreamOAuthProvider provider = provider(storage, "client");
        UpstreamOAuthLink link = link(storage, provider, "subject");
        UpstreamOAuthLink other = link(storage, provider, "other");
        UpstreamOAuthAuthorizationSession session = completed(storage, pending(storage, provider, "a"), link, "subject",
                "sid-a");
        UpstreamOAuthAuthorizationSession otherSession = completed(storage, pending(storage, provider, "b"), other,
                "other", "sid-b");
        UpstreamOAuthAuthorizationSession untouched = pending(storage, provider, "c");

        tick(storage);
        Instant removedAt = storage.clock().now();
        storage.saved(s -> s.upstreamOAuthLink().remove(storage.clock(), link).thenReturn(true));

        assertThat(storage.<UpstreamOAuthLink>read(s -> s.upstreamOAuthLink().lookup(link.id()))).isNull();
        UpstreamOAuthAuthorizationSession unlinked =
                storage.read(s -> s.upstreamOAuthSession().lookup(session.id()));
        assertThat(unlinked.state()).isEqualTo(new UpstreamOAuthAuthorizationSessionState.Unlinked(
                session.completedAt().orElseThrow(), Optional.empty(), removedAt, session.idToken(),
                session.idTokenClaims()));
        assertThat(unlinked.isUnlinked()).isTrue();
        assertThat(unlinked.linkId()).isEmpty();
        assertThat(storage.<UpstreamOAuthAuthorizationSession>read(s -> s.upstreamOAuthSession()
                .lookup(otherSession.id()))).isEqualTo(otherSession);
        assertThat(storage.<UpstreamOAuthAuthorizationSession>read(s -> s.upstreamOAuthSession()
                .lookup(untouched.id()))).isEqualTo(untouched);

        // Again: the link is gone.
        RepositorySession again = storage.factory().open().block(TestStorage.TIMEOUT);
        assertThatThrownBy(() -> again.upstreamOAuthLink().remove(storage.clock(), link).block(TestStorage.TIMEOUT))
                .isInstanceOf(NotAffectedException.class);
        assertThat(again.upstreamOAuthLink().lookup(other.id()).block(TestStorage.TIMEOUT)).isEqualTo(other);
        again.cancel().block(TestStorage.TIMEOUT);
    }

    @Test
    void cleanupOrphanedDeletesLinksWithoutAUserInBatchesFromTheCursor(TestStorage storage) {
        UpstreamOAuthProvider provider = provider(storage, "client");
        User alice = user(storage, "alice");
        Instant start = storage.clock().now();
        List<UpstreamOAuthLink> orphans = new ArrayList<>();
        List<UpstreamOAuthLink> kept = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            UpstreamOAuthLink link = link(storage, provider, "subject-" + i);
            if (i % 3 == 1) {
                kept.add(storage.saved(s -> s.upstreamOAuthLink().associateToUser(link, alice)));
            } else {
                orphans.add(link);
            }
        }
        // A session that resolved to an orphan goes with it; one of a kept link stays.
        UpstreamOAuthAuthorizationSession ofOrphan = completed(storage, pending(storage, provider, "o"),
                orphans.get(0), "subject-0", "sid");
        UpstreamOAuthAuthorizationSession ofKept = completed(storage, pending(storage, provider, "k"),
                kept.get(0), "subject-1", "sid");
        storage.clock().advance(Duration.ofHours(1));
        UpstreamOAuthLink tooRecent = link(storage, provider, "recent");
        Instant until = tooRecent.createdAt();

        Cleanup first = storage.saved(s -> s.upstreamOAuthLink().cleanupOrphaned(null, until, 2));
        assertThat(first.affected()).isEqualTo(2);
        assertThat(first.resumeFrom()).contains(orphans.get(1).createdAt());
        assertThat(first.mayHaveMore(2)).isTrue();
        Cleanup second = storage.saved(s -> s.upstreamOAuthLink()
                .cleanupOrphaned(first.resumeFrom().orElseThrow(), until, 2));
        assertThat(second.affected()).isEqualTo(2);
        assertThat(second.resumeFrom()).contains(orphans.get(3).createdAt());
        Cleanup third = storage.saved(s -> s.upstreamOAuthLink()
                .cleanupOrphaned(second.resumeFrom().orElseThrow(), until, 2));
        assertThat(third.affected()).isEqualTo(1);
        assertThat(third.resumeFrom()).contains(orphans.get(4).createdAt());
        assertThat(third.mayHaveMore(2)).isFalse();
        assertThat(storage.<Cleanup>saved(s -> s.upstreamOAuthLink()
                .cleanupOrphaned(third.resumeFrom().orElseThrow(), until, 2))).isEqualTo(Cleanup.NOTHING);

        List<UpstreamOAuthLink> left = new ArrayList<>(kept);
        left.add(tooRecent);
        assertThat(storage.<Page<UpstreamOAuthLink>>read(s -> s.upstreamOAuthLink()
                .list(UpstreamOAuthLinkFilter.all(), Pagination.first(10))).items())
                .containsExactlyInAnyOrderElementsOf(left);
        assertThat(storage.<UpstreamOAuthAuthorizationSession>read(s -> s.upstreamOAuthSession()
                .lookup(ofOrphan.id()))).isNull();
        assertThat(storage.<UpstreamOAuthAuthorizationSession>read(s -> s.upstreamOAuthSession()
                .lookup(ofKept.id()))).isEqualTo(ofKept);
        assertThatThrownBy(() -> storage.saved(s -> s.upstreamOAuthLink().cleanupOrphaned(start, until, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cleanupOrphanedIsServedByAnIndexOn50000Links(TestStorage storage) {
        UpstreamOAuthProvider provider = provider(storage, "client");
        User alice = user(storage, "alice");
        // One in ten without a user, one a second from 2026-01-01 on; ids lead with their creation millisecond.
        storage.sql().execute("INSERT INTO upstream_oauth_links (upstream_oauth_link_id, upstream_oauth_provider_id,"
                + " user_id, subject, created_at)"
                + " SELECT (lpad(to_hex((extract(epoch FROM t.at) * 1000)::bigint), 12, '0')"
                + "          || substr(md5(g::text), 1, 20))::uuid,"
                + "        '" + provider.id().toUuid() + "'::uuid,"
                + "        CASE WHEN g % 10 = 0 THEN NULL ELSE '" + alice.id().toUuid() + "'::uuid END,"
                + "        'bulk-' || g, t.at"
                + " FROM generate_series(1, 50000) AS g,"
                + "      LATERAL (SELECT timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second' AS at) AS t");
        storage.sql().execute("ANALYZE upstream_oauth_links");
        assertThat(storage.sql().fetchCount(UPSTREAM_OAUTH_LINKS)).isEqualTo(50_000);

        Instant until = Instant.parse("2026-01-01T12:00:00Z");
        for (Instant since : java.util.Arrays.asList(null, Instant.parse("2026-01-01T06:00:00Z"))) {
            String plan = Explain.plan(storage, JooqUpstreamOAuthLinkRepository.orphanedBatch(storage.sql(), since,
                    until, 1000));
            assertThat(plan).as("plan of the batch from %s:%n%s", since, plan)
                    .doesNotContain("Seq Scan on upstream_oauth_links")
                    .contains("idx_upstream_oauth_links_orphaned");
            java.util.UUID[] ids = storage.sql().fetch(JooqUpstreamOAuthLinkRepository.orphanedBatch(storage.sql(),
                    since, until, 1000)).getValues(0, java.util.UUID.class).toArray(java.util.UUID[]::new);
            assertThat(ids).hasSize(1000);
            String links = Explain.plan(storage, JooqUpstreamOAuthLinkRepository.deleteBatch(storage.sql(), ids));
            assertThat(links).as("plan of the links' delete")
                    .doesNotContain("Seq Scan").contains("upstream_oauth_links_pkey");
        }
        // And the batch does what it says on that table.
        Cleanup batch = storage.saved(s -> s.upstreamOAuthLink().cleanupOrphaned(null, until, 1000));
        assertThat(batch.affected()).isEqualTo(1000);
        assertThat(storage.sql().fetchCount(UPSTREAM_OAUTH_LINKS, UPSTREAM_OAUTH_LINKS.USER_ID.isNull()))
                .isEqualTo(4000);
        assertThat(storage.sql().fetchCount(UPSTREAM_OAUTH_AUTHORIZATION_SESSIONS)).isZero();
    }
}
