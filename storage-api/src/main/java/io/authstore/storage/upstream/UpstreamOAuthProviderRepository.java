package io.authstore.storage.upstream;

import io.authstore.storage.Clock;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import java.util.List;
import reactor.core.publisher.Mono;

/** Upstream identity providers, as an administrator or the configuration sync sets them up. */
public interface UpstreamOAuthProviderRepository {

    /** The provider with this id; empty when there is none. */
    Mono<UpstreamOAuthProvider> lookup(Ulid id);

    /** Stores a new, enabled provider with a new id and returns it as stored. */
    Mono<UpstreamOAuthProvider> add(Clock clock, RandomSource random, UpstreamOAuthProviderParams params);

    /**
     * Stores the provider under {@code id}: creates it (created now), or replaces every configured field of the
     * existing one and enables it again (its creation time stays). Returns it as stored. How the configuration file
     * is synchronised to the database.
     */
    Mono<UpstreamOAuthProvider> upsert(Clock clock, Ulid id, UpstreamOAuthProviderParams params);

    /** As {@link #deleteById} with the provider's id. */
    Mono<Void> delete(UpstreamOAuthProvider provider);

    /**
     * Deletes the provider together with its authorization sessions and links (in that order, for the foreign keys);
     * authentications and registrations that used one of those sessions lose the reference.
     * {@code NotAffectedException} when there is no such provider (nothing is deleted then).
     */
    Mono<Void> deleteById(Ulid id);

    /**
     * Disables the provider (no new logins through it) and returns it as stored. Disabling a disabled provider, or
     * through a stale copy, succeeds and keeps the time it was first disabled; {@code NotAffectedException} when it
     * no longer exists.
     */
    Mono<UpstreamOAuthProvider> disable(Clock clock, UpstreamOAuthProvider provider);

    Mono<Page<UpstreamOAuthProvider>> list(UpstreamOAuthProviderFilter filter, Pagination pagination);

    Mono<Long> count(UpstreamOAuthProviderFilter filter);

    /** Every enabled provider, in display order ({@code uiOrder}, then id). */
    Mono<List<UpstreamOAuthProvider>> allEnabled();
}
