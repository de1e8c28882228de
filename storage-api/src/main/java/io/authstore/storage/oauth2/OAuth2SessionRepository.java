package io.authstore.storage.oauth2;

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

/** OAuth 2.0 sessions. */
public interface OAuth2SessionRepository {

    /** The session with this id, finished or not; one statement rendered once (it runs on every token check). */
    Mono<OAuth2Session> lookup(Ulid id);

    /** A new active session of {@code client}, for {@code user} through {@code browserSession} when given. */
    Mono<OAuth2Session> add(Clock clock, RandomSource random, OAuth2Client client, Optional<User> user,
            Optional<BrowserSession> browserSession, Scope scope);

    /** {@link #add} for the browser session's user. */
    Mono<OAuth2Session> addFromBrowserSession(Clock clock, RandomSource random, OAuth2Client client,
            BrowserSession browserSession, Scope scope);

    /** {@link #add} for no user: the client acts for itself. */
    Mono<OAuth2Session> addFromClientCredentials(Clock clock, RandomSource random, OAuth2Client client, Scope scope);

    /**
     * Finishes an active session; {@code InvalidTransitionException} when it is already finished,
     * {@code NotAffectedException} when the stored row was finished (or deleted) meanwhile.
     */
    Mono<OAuth2Session> finish(Clock clock, OAuth2Session session);

    /** Finishes every active session the filter matches and returns how many. */
    Mono<Long> finishBulk(Clock clock, OAuth2SessionFilter filter);

    Mono<Page<OAuth2Session>> list(OAuth2SessionFilter filter, Pagination pagination);

    Mono<Long> count(OAuth2SessionFilter filter);

    /**
     * Records activity of many sessions in one statement. Per session the latest time wins and a known IP replaces
     * the stored one; sessions that no longer exist are skipped. Rows are locked in id order, so concurrent batches
     * do not deadlock.
     */
    Mono<Void> recordBatchActivity(Collection<ActivityRecord> activity);

    /** Stores the user agent the session was last used with; {@code NotAffectedException} when it is gone. */
    Mono<OAuth2Session> recordUserAgent(OAuth2Session session, String userAgent);

    /** Sets or clears the name the user gave the session; {@code NotAffectedException} when it is gone. */
    Mono<OAuth2Session> setHumanName(OAuth2Session session, Optional<String> humanName);

    /**
     * Deletes up to {@code limit} sessions finished in {@code [since, until)}, oldest first, with their access and
     * refresh tokens and the authorization grants exchanged for them; {@code since} null means from the beginning.
     */
    Mono<Cleanup> cleanupFinished(Instant since, Instant until, int limit);

    /**
     * Forgets the IP address of up to {@code limit} sessions last active in {@code [since, threshold)}, oldest first
     * ({@code since} null means from the beginning).
     */
    Mono<Cleanup> cleanupInactiveIps(Instant since, Instant threshold, int limit);
}
