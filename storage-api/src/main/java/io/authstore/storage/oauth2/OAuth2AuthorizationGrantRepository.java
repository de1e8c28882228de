package io.authstore.storage.oauth2;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.users.BrowserSession;
import java.time.Instant;
import reactor.core.publisher.Mono;

/** Authorization grants (authorization-code flow requests). */
public interface OAuth2AuthorizationGrantRepository {

    /**
     * A new pending grant of {@code client}. {@code ConflictException} when its code is taken (the session stays
     * usable).
     */
    Mono<AuthorizationGrant> add(Clock clock, RandomSource random, OAuth2Client client,
            AuthorizationGrantParams params);

    Mono<AuthorizationGrant> lookup(Ulid id);

    /** The grant with this authorization code, whatever its stage; empty when there is none. */
    Mono<AuthorizationGrant> findByCode(String code);

    /** Marks a pending grant fulfilled by the user of {@code browserSession}; {@code InvalidTransitionException} otherwise. */
    Mono<AuthorizationGrant> fulfill(Clock clock, BrowserSession browserSession, AuthorizationGrant grant);

    /** Marks a fulfilled grant exchanged for {@code session}; {@code InvalidTransitionException} otherwise. */
    Mono<AuthorizationGrant> exchange(Clock clock, AuthorizationGrant grant, OAuth2Session session);

    /**
     * Deletes up to {@code limit} grants created in {@code [since, until)}, oldest first ({@code since} null: from
     * the beginning), whatever their stage.
     */
    Mono<Cleanup> cleanup(Instant since, Instant until, int limit);
}
