package io.authstore.storage.users;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** Browser sessions and their authentications. */
public interface BrowserSessionRepository {

    Mono<BrowserSession> lookup(Ulid id);

    Mono<BrowserSession> add(Clock clock, RandomSource random, User user, Optional<String> userAgent);

    /**
     * Finishes the session now and returns it as stored. Finishing a session that is already finished (whatever the
     * copy says) succeeds and keeps the time it first finished; {@code NotAffectedException} when it no longer exists.
     */
    Mono<BrowserSession> finish(Clock clock, BrowserSession session);

    /** Finishes every active session the filter matches and returns how many. */
    Mono<Long> finishBulk(Clock clock, BrowserSessionFilter filter);

    Mono<Page<BrowserSession>> list(BrowserSessionFilter filter, Pagination pagination);

    Mono<Long> count(BrowserSessionFilter filter);

    Mono<Authentication> authenticateWithPassword(
            Clock clock, RandomSource random, BrowserSession session, Password password);

    Mono<Authentication> authenticateWithUpstream(
            Clock clock, RandomSource random, BrowserSession session, Ulid upstreamOAuthAuthorizationSessionId);

    /** The session's most recent authentication; empty when it has none. */
    Mono<Authentication> lastAuthentication(BrowserSession session);

    /**
     * Records activity of many sessions in one statement. Per session the latest time wins and a known IP replaces
     * the stored one; sessions that no longer exist are skipped. Rows are locked in id order, so concurrent batches
     * do not deadlock.
     */
    Mono<Void> recordBatchActivity(Collection<ActivityRecord> activity);

    /**
     * Deletes up to {@code limit} sessions finished in {@code [since, until)}, oldest first, with their
     * authentications; {@code since} null means from the beginning. Sessions still referenced by OAuth 2.0,
     * compatibility or device-code sessions are kept.
     */
    Mono<Cleanup> cleanupFinished(Instant since, Instant until, int limit);

    /**
     * Forgets the IP address of up to {@code limit} sessions last active in {@code [since, threshold)}, oldest first
     * ({@code since} null means from the beginning).
     */
    Mono<Cleanup> cleanupInactiveIps(Instant since, Instant threshold, int limit);
}
