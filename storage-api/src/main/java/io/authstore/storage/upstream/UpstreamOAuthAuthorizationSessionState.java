package io.authstore.storage.upstream;

import io.authstore.storage.JsonValue;
import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an authorization session is: pending (sent to the provider), completed (the provider answered and the answer
 * resolved to a link), consumed (a browser session was authenticated with it), or unlinked (its link was removed
 * afterwards). Only forward: pending → completed → consumed, and completed or consumed → unlinked.
 */
public sealed interface UpstreamOAuthAuthorizationSessionState {

    UpstreamOAuthAuthorizationSessionState PENDING = new Pending();

    record Pending() implements UpstreamOAuthAuthorizationSessionState {}

    /** The provider's answer: its ID token (a secret) and claims, the callback's other parameters, userinfo. */
    record Completed(
            Instant completedAt,
            Ulid linkId,
            Optional<String> idToken,
            Optional<JsonValue> idTokenClaims,
            Optional<JsonValue> extraCallbackParameters,
            Optional<JsonValue> userinfo) implements UpstreamOAuthAuthorizationSessionState {

        public Completed {
            Objects.requireNonNull(completedAt, "completedAt");
            Objects.requireNonNull(linkId, "linkId");
            Objects.requireNonNull(idToken, "idToken");
            Objects.requireNonNull(idTokenClaims, "idTokenClaims");
            Objects.requireNonNull(extraCallbackParameters, "extraCallbackParameters");
            Objects.requireNonNull(userinfo, "userinfo");
        }

        @Override
        public String toString() {
            return "Completed[completedAt=" + completedAt + ", linkId=" + linkId + ", idToken="
                    + idToken.map(token -> "<redacted>") + ", idTokenClaims=" + idTokenClaims
                    + ", extraCallbackParameters=" + extraCallbackParameters + ", userinfo=" + userinfo + "]";
        }
    }

    record Consumed(
            Instant completedAt,
            Instant consumedAt,
            Ulid linkId,
            Optional<String> idToken,
            Optional<JsonValue> idTokenClaims,
            Optional<JsonValue> extraCallbackParameters,
            Optional<JsonValue> userinfo) implements UpstreamOAuthAuthorizationSessionState {

        public Consumed {
            Objects.requireNonNull(completedAt, "completedAt");
            Objects.requireNonNull(consumedAt, "consumedAt");
            Objects.requireNonNull(linkId, "linkId");
            Objects.requireNonNull(idToken, "idToken");
            Objects.requireNonNull(idTokenClaims, "idTokenClaims");
            Objects.requireNonNull(extraCallbackParameters, "extraCallbackParameters");
            Objects.requireNonNull(userinfo, "userinfo");
        }

        @Override
        public String toString() {
            return "Consumed[completedAt=" + completedAt + ", consumedAt=" + consumedAt + ", linkId=" + linkId
                    + ", idToken=" + idToken.map(token -> "<redacted>") + ", idTokenClaims=" + idTokenClaims
                    + ", extraCallbackParameters=" + extraCallbackParameters + ", userinfo=" + userinfo + "]";
        }
    }

    /** The link was removed; what identifies the provider's session (ID token and claims) is kept. */
    record Unlinked(
            Instant completedAt,
            Optional<Instant> consumedAt,
            Instant unlinkedAt,
            Optional<String> idToken,
            Optional<JsonValue> idTokenClaims) implements UpstreamOAuthAuthorizationSessionState {

        public Unlinked {
            Objects.requireNonNull(completedAt, "completedAt");
            Objects.requireNonNull(consumedAt, "consumedAt");
            Objects.requireNonNull(unlinkedAt, "unlinkedAt");
            Objects.requireNonNull(idToken, "idToken");
            Objects.requireNonNull(idTokenClaims, "idTokenClaims");
        }

        @Override
        public String toString() {
            return "Unlinked[completedAt=" + completedAt + ", consumedAt=" + consumedAt + ", unlinkedAt="
                    + unlinkedAt + ", idToken=" + idToken.map(token -> "<redacted>") + ", idTokenClaims="
                    + idTokenClaims + "]";
        }
    }

    default boolean isPending() {
        return this instanceof Pending;
    }

    default boolean isCompleted() {
        return this instanceof Completed;
    }

    default boolean isConsumed() {
        return this instanceof Consumed;
    }

    default boolean isUnlinked() {
        return this instanceof Unlinked;
    }
}
