package io.authstore.storage.users;

import io.authstore.storage.Cleanup;
import io.authstore.storage.Clock;
import io.authstore.storage.RandomSource;
import io.authstore.storage.Ulid;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Registrations in progress. A registration takes changes until it is completed, and none after.
 *
 * <p>Every setter and {@link #complete} changes only its own column(s) and returns the registration as stored
 * afterwards (read back by the update), so a stale copy gets the other columns' current values back. Setting a
 * value again, the same or another, succeeds and stores the last one. They fail with:
 * <ul>
 *   <li>{@code InvalidTransitionException} when the given copy is completed, before anything is sent;</li>
 *   <li>{@code NotAffectedException} when the row is completed although the copy is not (completed since it was
 *       read), or no longer exists. Nothing is changed then.</li>
 * </ul>
 * MAS fails in the same cases, with an untyped error.
 */
public interface UserRegistrationRepository {

    /** The registration, or empty when there is none with that id. */
    Mono<UserRegistration> lookup(Ulid id);

    /**
     * Starts a registration for {@code username}, which need not be free (it is checked when the user is created).
     *
     * @param postAuthAction JSON, stored as {@code jsonb}: it comes back as PostgreSQL prints it (keys reordered,
     *     whitespace normalised), equal as JSON to what was given
     */
    Mono<UserRegistration> add(
            Clock clock,
            RandomSource random,
            String username,
            Optional<InetAddress> ipAddress,
            Optional<String> userAgent,
            Optional<String> postAuthAction);

    /** Sets or replaces the display name; see the class comment for repeats, stale copies and missing rows. */
    Mono<UserRegistration> setDisplayName(UserRegistration registration, String displayName);

    /** Sets or replaces the URL of the accepted terms; see the class comment. */
    Mono<UserRegistration> setTermsUrl(UserRegistration registration, String termsUrl);

    /** Sets or replaces the e-mail authentication; see the class comment. */
    Mono<UserRegistration> setEmailAuthentication(
            UserRegistration registration, UserEmailAuthentication authentication);

    /** Sets or replaces the hashed password and its scheme version; see the class comment. */
    Mono<UserRegistration> setPassword(UserRegistration registration, String hashedPassword, int version);

    /**
     * Sets or replaces the registration token; see the class comment. A token that does not exist fails with a
     * {@code DatabaseException} (foreign key, SQLSTATE 23503).
     */
    Mono<UserRegistration> setRegistrationToken(UserRegistration registration, UserRegistrationToken token);

    /** Sets or replaces the upstream authorization session; see the class comment. */
    Mono<UserRegistration> setUpstreamOAuthAuthorizationSession(
            UserRegistration registration, Ulid upstreamOAuthAuthorizationSessionId);

    /**
     * Completes the registration at the clock's time and returns it as stored. Completing it again fails, as in
     * MAS: {@code InvalidTransitionException} for a completed copy, {@code NotAffectedException} for an open copy of
     * a registration completed since, or of one that no longer exists; the first completion time is kept.
     */
    Mono<UserRegistration> complete(Clock clock, UserRegistration registration);

    /**
     * Deletes up to {@code limit} registrations, completed or not, created in {@code [since, until)}, oldest first;
     * {@code since} null means from the beginning. Their e-mail authentications go with them.
     */
    Mono<Cleanup> cleanup(Instant since, Instant until, int limit);
}
