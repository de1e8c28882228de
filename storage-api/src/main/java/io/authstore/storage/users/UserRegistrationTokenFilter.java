package io.authstore.storage.users;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which registration tokens a list or count is about, judged at {@code now} (expiry and validity depend on it).
 * Immutable; each flag narrows to tokens that are (true) or are not (false) so, and flags combine with AND.
 *
 * <p>As in MAS, a token expires after its expiry instant: one whose {@code expiresAt} is exactly {@code now} counts
 * as not expired (and valid, when otherwise so) here, while {@link UserRegistrationToken#isExpiredAt} says it has
 * expired at that instant (as MAS's data model does).
 */
public record UserRegistrationTokenFilter(
        Instant now,
        Optional<Boolean> used,
        Optional<Boolean> revoked,
        Optional<Boolean> expired,
        Optional<Boolean> valid) {

    public UserRegistrationTokenFilter {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(used, "used");
        Objects.requireNonNull(revoked, "revoked");
        Objects.requireNonNull(expired, "expired");
        Objects.requireNonNull(valid, "valid");
    }

    public static UserRegistrationTokenFilter at(Instant now) {
        return new UserRegistrationTokenFilter(now, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    /** Used at least once (true) or never (false). */
    public UserRegistrationTokenFilter used(boolean value) {
        return new UserRegistrationTokenFilter(now, Optional.of(value), revoked, expired, valid);
    }

    /** Revoked (true) or not (false), whatever the time of the revocation. */
    public UserRegistrationTokenFilter revoked(boolean value) {
        return new UserRegistrationTokenFilter(now, used, Optional.of(value), expired, valid);
    }

    /** With an expiry before {@code now} (true), or without an expiry or with one at or after {@code now} (false). */
    public UserRegistrationTokenFilter expired(boolean value) {
        return new UserRegistrationTokenFilter(now, used, revoked, Optional.of(value), valid);
    }

    /**
     * Not revoked, not expired (as {@link #expired}) and used fewer times than its limit, if any (true), or any of
     * these not (false).
     */
    public UserRegistrationTokenFilter valid(boolean value) {
        return new UserRegistrationTokenFilter(now, used, revoked, expired, Optional.of(value));
    }
}
