package io.authstore.storage.users;

import static io.authstore.storage.InvalidTransitionException.check;

import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Proving control of an e-mail address, for a logged-in browser session (adding an address) or for a registration.
 * Completed once a code sent to the address was entered (or an upstream provider vouched for it).
 */
public record UserEmailAuthentication(
        Ulid id,
        Optional<Ulid> userSessionId,
        Optional<Ulid> userRegistrationId,
        String email,
        Instant createdAt,
        Optional<Instant> completedAt) {

    public UserEmailAuthentication {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userSessionId, "userSessionId");
        Objects.requireNonNull(userRegistrationId, "userRegistrationId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(completedAt, "completedAt");
    }

    public boolean isCompleted() {
        return completedAt.isPresent();
    }

    /** Throws {@code InvalidTransitionException} when completed: nothing changes a completed authentication. */
    public void requireOpen(String transition) {
        check(completedAt.isEmpty(), "e-mail authentication", id, transition,
                "it was already completed at " + completedAt.orElse(null));
    }

    public UserEmailAuthentication complete(Instant at) {
        requireOpen("complete");
        return new UserEmailAuthentication(id, userSessionId, userRegistrationId, email, createdAt, Optional.of(at));
    }

    /**
     * Completes with a code that was sent for this authentication and is still valid {@code at}.
     *
     * @throws IllegalArgumentException when the code is another authentication's: a mistake of the caller
     */
    public UserEmailAuthentication completeWithCode(Instant at, UserEmailAuthenticationCode code) {
        if (!code.userEmailAuthenticationId().equals(id)) {
            throw new IllegalArgumentException("the code belongs to e-mail authentication "
                    + code.userEmailAuthenticationId() + ", not to " + id);
        }
        check(code.isValidAt(at), "e-mail authentication", id, "complete", "the code expired at " + code.expiresAt());
        return complete(at);
    }
}
