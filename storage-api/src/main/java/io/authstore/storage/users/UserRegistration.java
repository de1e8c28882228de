package io.authstore.storage.users;

import static io.authstore.storage.InvalidTransitionException.check;

import io.authstore.storage.Ulid;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A self-service registration in progress: what the user has chosen so far. Completed once the user exists; a
 * completed registration no longer changes.
 *
 * @param postAuthAction what to do once registered, as JSON (e.g. continue an authorization grant)
 */
public record UserRegistration(
        Ulid id,
        String username,
        Optional<String> displayName,
        Optional<String> termsUrl,
        Optional<Ulid> emailAuthenticationId,
        Optional<RegistrationPassword> password,
        Optional<InetAddress> ipAddress,
        Optional<String> userAgent,
        Optional<String> postAuthAction,
        Optional<Ulid> userRegistrationTokenId,
        Optional<Ulid> upstreamOAuthAuthorizationSessionId,
        Instant createdAt,
        Optional<Instant> completedAt) {

    /** The chosen password, hashed with scheme {@code version}. */
    public record RegistrationPassword(String hashedPassword, int version) {
        public RegistrationPassword {
            Objects.requireNonNull(hashedPassword, "hashedPassword");
        }

        @Override
        public String toString() {
            return "RegistrationPassword[hashedPassword=<redacted>, version=" + version + "]";
        }
    }

    public UserRegistration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(termsUrl, "termsUrl");
        Objects.requireNonNull(emailAuthenticationId, "emailAuthenticationId");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(ipAddress, "ipAddress");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(postAuthAction, "postAuthAction");
        Objects.requireNonNull(userRegistrationTokenId, "userRegistrationTokenId");
        Objects.requireNonNull(upstreamOAuthAuthorizationSessionId, "upstreamOAuthAuthorizationSessionId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(completedAt, "completedAt");
    }

    public boolean isCompleted() {
        return completedAt.isPresent();
    }

    /**
     * Throws {@code InvalidTransitionException} when this copy is completed: nothing changes a completed registration,
     * and completing it again is refused too.
     */
    public void requireOpen(String change) {
        check(completedAt.isEmpty(), "registration", id, change,
                "it was completed at " + completedAt.orElse(null) + " and no longer changes");
    }

    public UserRegistration withDisplayName(String value) {
        requireOpen("set the display name of");
        return new UserRegistration(id, username, Optional.of(value), termsUrl, emailAuthenticationId, password,
                ipAddress, userAgent, postAuthAction, userRegistrationTokenId, upstreamOAuthAuthorizationSessionId,
                createdAt, completedAt);
    }

    public UserRegistration withTermsUrl(String value) {
        requireOpen("set the terms URL of");
        return new UserRegistration(id, username, displayName, Optional.of(value), emailAuthenticationId, password,
                ipAddress, userAgent, postAuthAction, userRegistrationTokenId, upstreamOAuthAuthorizationSessionId,
                createdAt, completedAt);
    }

    public UserRegistration withEmailAuthentication(Ulid value) {
        requireOpen("set the e-mail authentication of");
        return new UserRegistration(id, username, displayName, termsUrl, Optional.of(value), password, ipAddress,
                userAgent, postAuthAction, userRegistrationTokenId, upstreamOAuthAuthorizationSessionId, createdAt,
                completedAt);
    }

    public UserRegistration withPassword(RegistrationPassword value) {
        requireOpen("set the password of");
        return new UserRegistration(id, username, displayName, termsUrl, emailAuthenticationId, Optional.of(value),
                ipAddress, userAgent, postAuthAction, userRegistrationTokenId, upstreamOAuthAuthorizationSessionId,
                createdAt, completedAt);
    }

    public UserRegistration withRegistrationToken(Ulid value) {
        requireOpen("set the registration token of");
        return new UserRegistration(id, username, displayName, termsUrl, emailAuthenticationId, password, ipAddress,
                userAgent, postAuthAction, Optional.of(value), upstreamOAuthAuthorizationSessionId, createdAt,
                completedAt);
    }

    public UserRegistration withUpstreamOAuthAuthorizationSession(Ulid value) {
        requireOpen("set the upstream authorization session of");
        return new UserRegistration(id, username, displayName, termsUrl, emailAuthenticationId, password, ipAddress,
                userAgent, postAuthAction, userRegistrationTokenId, Optional.of(value), createdAt, completedAt);
    }

    public UserRegistration complete(Instant at) {
        requireOpen("complete");
        return new UserRegistration(id, username, displayName, termsUrl, emailAuthenticationId, password, ipAddress,
                userAgent, postAuthAction, userRegistrationTokenId, upstreamOAuthAuthorizationSessionId, createdAt,
                Optional.of(at));
    }
}
