package io.authstore.storage.upstream;

import static io.authstore.storage.InvalidTransitionException.check;

import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.JsonValue;
import io.authstore.storage.Ulid;
import io.authstore.storage.upstream.UpstreamOAuthAuthorizationSessionState.Completed;
import io.authstore.storage.upstream.UpstreamOAuthAuthorizationSessionState.Consumed;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One login through an upstream provider, from the redirect to the provider until a browser session was
 * authenticated with it.
 *
 * @param stateParameter the OAuth 2.0 {@code state} sent to the provider (unique; a secret)
 * @param codeChallengeVerifier the PKCE verifier, when PKCE is used (a secret)
 * @param nonce the OpenID Connect nonce, when one was sent (a secret)
 * @param state where the session is
 */
public record UpstreamOAuthAuthorizationSession(
        Ulid id,
        Ulid providerId,
        String stateParameter,
        Optional<String> codeChallengeVerifier,
        Optional<String> nonce,
        Instant createdAt,
        UpstreamOAuthAuthorizationSessionState state) {

    private static final String ENTITY = "upstream OAuth authorization session";

    public UpstreamOAuthAuthorizationSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(stateParameter, "stateParameter");
        Objects.requireNonNull(codeChallengeVerifier, "codeChallengeVerifier");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(state, "state");
    }

    public boolean isPending() {
        return state.isPending();
    }

    public boolean isCompleted() {
        return state.isCompleted();
    }

    public boolean isConsumed() {
        return state.isConsumed();
    }

    public boolean isUnlinked() {
        return state.isUnlinked();
    }

    /** The link, while completed or consumed. */
    public Optional<Ulid> linkId() {
        return switch (state) {
            case UpstreamOAuthAuthorizationSessionState.Completed completed -> Optional.of(completed.linkId());
            case UpstreamOAuthAuthorizationSessionState.Consumed consumed -> Optional.of(consumed.linkId());
            case UpstreamOAuthAuthorizationSessionState.Pending pending -> Optional.empty();
            case UpstreamOAuthAuthorizationSessionState.Unlinked unlinked -> Optional.empty();
        };
    }

    public Optional<Instant> completedAt() {
        return switch (state) {
            case UpstreamOAuthAuthorizationSessionState.Completed completed -> Optional.of(completed.completedAt());
            case UpstreamOAuthAuthorizationSessionState.Consumed consumed -> Optional.of(consumed.completedAt());
            case UpstreamOAuthAuthorizationSessionState.Unlinked unlinked -> Optional.of(unlinked.completedAt());
            case UpstreamOAuthAuthorizationSessionState.Pending pending -> Optional.empty();
        };
    }

    public Optional<Instant> consumedAt() {
        return switch (state) {
            case UpstreamOAuthAuthorizationSessionState.Consumed consumed -> Optional.of(consumed.consumedAt());
            case UpstreamOAuthAuthorizationSessionState.Unlinked unlinked -> unlinked.consumedAt();
            case UpstreamOAuthAuthorizationSessionState.Pending pending -> Optional.empty();
            case UpstreamOAuthAuthorizationSessionState.Completed completed -> Optional.empty();
        };
    }

    public Optional<Instant> unlinkedAt() {
        return state instanceof UpstreamOAuthAuthorizationSessionState.Unlinked unlinked
                ? Optional.of(unlinked.unlinkedAt())
                : Optional.empty();
    }

    public Optional<String> idToken() {
        return switch (state) {
            case UpstreamOAuthAuthorizationSessionState.Completed completed -> completed.idToken();
            case UpstreamOAuthAuthorizationSessionState.Consumed consumed -> consumed.idToken();
            case UpstreamOAuthAuthorizationSessionState.Unlinked unlinked -> unlinked.idToken();
            case UpstreamOAuthAuthorizationSessionState.Pending pending -> Optional.empty();
        };
    }

    public Optional<JsonValue> idTokenClaims() {
        return switch (state) {
            case UpstreamOAuthAuthorizationSessionState.Completed completed -> completed.idTokenClaims();
            case UpstreamOAuthAuthorizationSessionState.Consumed consumed -> consumed.idTokenClaims();
            case UpstreamOAuthAuthorizationSessionState.Unlinked unlinked -> unlinked.idTokenClaims();
            case UpstreamOAuthAuthorizationSessionState.Pending pending -> Optional.empty();
        };
    }

    public Optional<JsonValue> extraCallbackParameters() {
        return switch (state) {
            case UpstreamOAuthAuthorizationSessionState.Completed completed -> completed.extraCallbackParameters();
            case UpstreamOAuthAuthorizationSessionState.Consumed consumed -> consumed.extraCallbackParameters();
            case UpstreamOAuthAuthorizationSessionState.Pending pending -> Optional.empty();
            case UpstreamOAuthAuthorizationSessionState.Unlinked unlinked -> Optional.empty();
        };
    }

    public Optional<JsonValue> userinfo() {
        return switch (state) {
            case UpstreamOAuthAuthorizationSessionState.Completed completed -> completed.userinfo();
            case UpstreamOAuthAuthorizationSessionState.Consumed consumed -> consumed.userinfo();
            case UpstreamOAuthAuthorizationSessionState.Pending pending -> Optional.empty();
            case UpstreamOAuthAuthorizationSessionState.Unlinked unlinked -> Optional.empty();
        };
    }

    /** Completed through {@code link} at {@code at}; only a pending session can be. */
    public UpstreamOAuthAuthorizationSession complete(Instant at, UpstreamOAuthLink link, Optional<String> idToken,
            Optional<JsonValue> idTokenClaims, Optional<JsonValue> extraCallbackParameters,
            Optional<JsonValue> userinfo) {
        check(state.isPending(), ENTITY, id, "complete", "it is not pending but " + name(state));
        return with(new Completed(at, link.id(), idToken, idTokenClaims, extraCallbackParameters, userinfo));
    }

    /** Consumed at {@code at}; only a completed session can be. */
    public UpstreamOAuthAuthorizationSession consume(Instant at) {
        if (!(state instanceof Completed completed)) {
            throw new InvalidTransitionException(ENTITY, id, "consume", "it is not completed but " + name(state));
        }
        return with(new Consumed(completed.completedAt(), at, completed.linkId(), completed.idToken(),
                completed.idTokenClaims(), completed.extraCallbackParameters(), completed.userinfo()));
    }

    private UpstreamOAuthAuthorizationSession with(UpstreamOAuthAuthorizationSessionState changed) {
        return new UpstreamOAuthAuthorizationSession(id, providerId, stateParameter, codeChallengeVerifier, nonce,
                createdAt, changed);
    }

    private static String name(UpstreamOAuthAuthorizationSessionState state) {
        return state.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return "UpstreamOAuthAuthorizationSession[id=" + id + ", providerId=" + providerId
                + ", stateParameter=<redacted>, codeChallengeVerifier=" + codeChallengeVerifier.map(v -> "<redacted>")
                + ", nonce=" + nonce.map(v -> "<redacted>") + ", createdAt=" + createdAt + ", state=" + state + "]";
    }
}
