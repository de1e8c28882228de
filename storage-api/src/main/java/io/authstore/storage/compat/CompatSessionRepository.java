package io.authstore.storage.compat;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.users.ActivityRecord;
import io.authstore.storage.users.BrowserSession;
import io.authstore.storage.users.User;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** Compatibility sessions: devices logged in through the legacy Matrix login API. */
public interface CompatSessionRepository {

    /** The session with this id; empty when there is none. */
    Mono<CompatSession> lookup(Ulid id);

    /**
     * Starts an active session of {@code user} on {@code deviceId}, created from {@code browserSession} when it comes
     * from an SSO login.
     */
    Mono<CompatSession> add(
            Clock clock,
            RandomSource random,
            User user,
            String deviceId,
            Optional<BrowserSession> browserSession,
            boolean synapseAdmin,
            Optional<String> humanName);

    /**
     * Finishes an active session. {@code InvalidTransitionException} when the value given is finished already;
     * {@code NotAffectedException} when the stored session is gone or was finished meanwhile.
     */
    Mono<CompatSession> finish(Clock clock, CompatSession session);

    /** Finishes every active session the filter matches and returns how many. */
    Mono<Long> finishBulk(Clock clock, CompatSessionFilter filter);

    /** A page of sessions, each with the SSO login it was exchanged for, if any. */
    Mono<Page<CompatSessionWithLogin>> list(CompatSessionFilter filter, Pagination pagination);

    Mono<Long> count(CompatSessionFilter filter);

    /**
     * Records activity of many sessions in one statement. Per session the latest time wins and a known IP replaces
     * the stored one; sessions that no longer exist are skipped. Rows are locked in id order, so concurrent batches
     * do not deadlock.
     */
    Mono<Void> recordBatchActivity(Collection<ActivityRecord> activity);

    /** Stores the session's user agent; {@code NotAffectedException} when the session is gone. */
    Mono<CompatSession> recordUserAgent(CompatSession session, String userAgent);

    /** Sets or (empty) clears the session's human-readable name; {@code NotAffectedException} when it is gone. */
    Mono<CompatSession> setHumanName(CompatSession session, Optional<String> humanName);

    /**
     * Deletes up to {@code limit} sessions finished in {@code [since, until)}, oldest first, with their access
     * tokens, refresh tokens and SSO logins; {@code since} null means from the beginning.
     */
    Mono<Cleanup> cleanupFinished(Instant since, Instant until, int limit);

    /**
     * Forgets the IP address of up to {@code limit} sessions last active in {@code [since, threshold)}, oldest first
     * ({@code since} null means from the beginning).
     */
    Mono<Cleanup> cleanupInactiveIps(Instant since, Instant threshold, int limit);
}
