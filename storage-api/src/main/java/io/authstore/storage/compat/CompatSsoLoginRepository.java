package io.authstore.storage.compat;

import io.authstore.storage.Clock;
import io.authstore.storage.Page;
import io.authstore.storage.Pagination;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import io.authstore.storage.users.BrowserSession;
import java.net.URI;
import reactor.core.publisher.Mono;

/** SSO logins of the legacy Matrix login API. */
public interface CompatSsoLoginRepository {

    /** The login with this id; empty when there is none. */
    Mono<CompatSsoLogin> lookup(Ulid id);

    /** The login that was exchanged for {@code session}; empty when the session did not come from one. */
    Mono<CompatSsoLogin> findForSession(CompatSession session);

    /** The login with this login token; empty when there is none. */
    Mono<CompatSsoLogin> findByToken(String loginToken);

    /** Starts a pending login; {@code ConflictException} when the login token is taken. */
    Mono<CompatSsoLogin> add(Clock clock, RandomSource random, String loginToken, URI redirectUri);

    /**
     * Completes a pending login with {@code browserSession}'s user. {@code InvalidTransitionException} unless the
     * value given is pending; {@code NotAffectedException} when the stored login is gone or no longer pending.
     */
    Mono<CompatSsoLogin> fulfill(Clock clock, CompatSsoLogin login, BrowserSession browserSession);

    /**
     * Records that a fulfilled login was exchanged for {@code session}. {@code InvalidTransitionException} unless the
     * value given is fulfilled; {@code NotAffectedException} when the stored login is gone or no longer fulfilled.
     */
    Mono<CompatSsoLogin> exchange(Clock clock, CompatSsoLogin login, CompatSession session);

    Mono<Page<CompatSsoLogin>> list(CompatSsoLoginFilter filter, Pagination pagination);

    Mono<Long> count(CompatSsoLoginFilter filter);
}
