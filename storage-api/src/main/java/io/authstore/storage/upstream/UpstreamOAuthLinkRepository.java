package io.authstore.storage.upstream;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.users.User;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** Links between upstream subjects and local users. */
public interface UpstreamOAuthLinkRepository {

    /** The link with this id; empty when there is none. */
    Mono<UpstreamOAuthLink> lookup(Ulid id);

    /** The provider's link for this subject (the subject compared exactly); empty when there is none. */
    Mono<UpstreamOAuthLink> findBySubject(UpstreamOAuthProvider provider, String subject);

    /**
     * Stores a new link, not yet associated with a user. {@link ConflictException} when the provider already has a
     * link for the subject (the session stays usable).
     */
    Mono<UpstreamOAuthLink> add(Clock clock, RandomSource random, UpstreamOAuthProvider provider, String subject,
            Optional<String> humanAccountName);

    /**
     * Associates the link with the user (replacing any user it had) and returns it as stored.
     * {@code NotAffectedException} when the link no longer exists.
     */
    Mono<UpstreamOAuthLink> associateToUser(UpstreamOAuthLink link, User user);

    Mono<Page<UpstreamOAuthLink>> list(UpstreamOAuthLinkFilter filter, Pagination pagination);

    Mono<Long> count(UpstreamOAuthLinkFilter filter);

    /**
     * Deletes the link. The authorization sessions that resolved to it keep their history but lose the link: they
     * are marked unlinked now. {@code NotAffectedException} when the link no longer exists.
     */
    Mono<Void> remove(Clock clock, UpstreamOAuthLink link);

    /**
     * Deletes up to {@code limit} links that never got a user, created in {@code [since, until)} ({@code since} null:
     * from the beginning), oldest first, with the authorization sessions that resolved to them.
     */
    Mono<Cleanup> cleanupOrphaned(Instant since, Instant until, int limit);
}
