package io.authstore.storage.compat;

import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import reactor.core.publisher.Mono;

/** Refresh tokens of compatibility sessions. */
public interface CompatRefreshTokenRepository {

    /** The token with this id; empty when there is none. */
    Mono<CompatRefreshToken> lookup(Ulid id);

    /** The token with this value; empty when there is none. */
    Mono<CompatRefreshToken> findByToken(String refreshToken);

    /**
     * Adds a valid token to {@code session}, issued with {@code accessToken}; {@code ConflictException} when the
     * token value is taken.
     */
    Mono<CompatRefreshToken> add(
            Clock clock, RandomSource random, CompatSession session, CompatAccessToken accessToken, String token);

    /**
     * A refresh, in one step: consumes {@code token} together with every other valid refresh token of its session
     * (a session imported from Synapse may have several) and adds {@code successorToken}, issued with
     * {@code successorAccessToken}, as the session's only valid one.
     *
     * <p>Of concurrent refreshes with the same token exactly one succeeds: the others wait for it and then fail with
     * {@code NotAffectedException}, having changed nothing. Also {@code InvalidTransitionException} when the value
     * given is consumed already (nothing sent), {@code IllegalArgumentException} when the access token belongs to
     * another session, and {@code ConflictException} when the successor's value is taken (the consumption is undone).
     */
    Mono<CompatRefreshTokenReplacement> consumeAndReplace(
            Clock clock,
            RandomSource random,
            CompatRefreshToken token,
            CompatAccessToken successorAccessToken,
            String successorToken);
}
