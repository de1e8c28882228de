package io.authstore.storage.users;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which registration tokens a list or count is about, judged at {@code now} (expiry and validity depend on it).
 * Immutable; each flag narrows to tokens that are (true) or are not (false) so.
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

    public UserRegistrationTokenFilter revoked(boolean value) {
        return new UserRegistrationTokenFilter(now, used, Optional.of(value), expired, valid);
    }

    public UserRegistrationTokenFilter expired(boolean value) {
        return new UserRegistrationTokenFilter(now, used, revoked, Optional.of(value), valid);
    }

    /** Usable now: not revoked, not expired, under its usage limit (true), or not usable (false). */
    public UserRegistrationTokenFilter valid(boolean value) {
        return new UserRegistrationTokenFilter(now, used, revoked, expired, Optional.of(value));
    }
}
