package io.authstore.storage.upstream;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.ConflictException;
import io.authstore.storage.JsonValue;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.users.BrowserSession;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** Authorization sessions with upstream providers. */
public interface UpstreamOAuthSessionRepository {

    /** The session with this id; empty when there is none. */
    Mono<UpstreamOAuthAuthorizationSession> lookup(Ulid id);

    /**
     * Starts a pending session with the provider. {@link ConflictException} when the {@code state} is already used by
     * another session (the session stays usable; the message does not repeat the state).
     */
    Mono<UpstreamOAuthAuthorizationSession> add(Clock clock, RandomSource random, UpstreamOAuthProvider provider,
            String state, Optional<String> codeChallengeVerifier, Optional<String> nonce);

    /**
     * Completes a pending session with the provider's answer, resolved to {@code link}, and returns it as stored (the
     * JSON values as the database keeps them). {@code InvalidTransitionException} when the copy is not pending;
     * {@code NotAffectedException} when the stored session is no longer pending or no longer exists.
     */
    Mono<UpstreamOAuthAuthorizationSession> completeWithLink(Clock clock, UpstreamOAuthAuthorizationSession session,
            UpstreamOAuthLink link, Optional<String> idToken, Optional<JsonValue> idTokenClaims,
            Optional<JsonValue> extraCallbackParameters, Optional<JsonValue> userinfo);

    /**
     * Marks a completed session consumed by {@code browserSession} (which it then belongs to) and returns it.
     * {@code InvalidTransitionException} when the copy is not completed; {@code NotAffectedException} when the stored
     * session is no longer completed or no longer exists.
     */
    Mono<UpstreamOAuthAuthorizationSession> consume(Clock clock, UpstreamOAuthAuthorizationSession session,
            BrowserSession browserSession);

    Mono<Page<UpstreamOAuthAuthorizationSession>> list(UpstreamOAuthSessionFilter filter, Pagination pagination);

    Mono<Long> count(UpstreamOAuthSessionFilter filter);

    /**
     * Deletes up to {@code limit} sessions that belong to no browser session (never consumed, nor used to
     * authenticate one, or whose browser session was deleted), created in {@code [since, until)} ({@code since}
     * null: from the beginning), oldest first.
     */
    Mono<Cleanup> cleanupOrphaned(Instant since, Instant until, int limit);
}
