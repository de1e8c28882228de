package io.authstore.storage.personal;

import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** Tokens of personal sessions. Only the SHA-256 of a token is stored; the value is never kept. */
public interface PersonalAccessTokenRepository {

    /** The token with this id; empty when there is none. */
    Mono<PersonalAccessToken> lookup(Ulid id);

    /** The token whose value is {@code accessToken} (compared by its SHA-256); empty when there is none. */
    Mono<PersonalAccessToken> findByToken(String accessToken);

    /** The session's token that is not revoked; empty when it has none. */
    Mono<PersonalAccessToken> findActiveForSession(PersonalSession session);

    /**
     * Adds a token to {@code session}, expiring {@code expiresAfter} from now (never when empty). A session has at
     * most one token that is not revoked: {@code ConflictException} (constraint
     * {@code personal_access_tokens_personal_session_id_idx}) when it has one already, or (constraint
     * {@code personal_access_tokens_access_token_sha256_key}) when the value is taken; the session stays usable.
     */
    Mono<PersonalAccessToken> add(
            Clock clock, RandomSource random, PersonalSession session, String accessToken,
            Optional<Duration> expiresAfter);

    /**
     * Revokes the token now and returns it as stored. A token already revoked (a repeat, or a stale copy) keeps the
     * time of its first revocation; {@code NotAffectedException} when the token is gone.
     */
    Mono<PersonalAccessToken> revoke(Clock clock, PersonalAccessToken token);
}
