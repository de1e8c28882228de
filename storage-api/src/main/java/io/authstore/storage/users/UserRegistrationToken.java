package io.authstore.storage.users;

import static io.authstore.storage.InvalidTransitionException.check;

import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token that lets someone register when registration is restricted: valid while not revoked, not expired and
 * used fewer than {@code usageLimit} times (no limit when empty). Validity is for the caller to check before it
 * uses the token, as MAS's registration does: {@link #use} itself only refuses a revoked token.
 */
public record UserRegistrationToken(
        Ulid id,
        String token,
        Optional<Integer> usageLimit,
        int timesUsed,
        Instant createdAt,
        Optional<Instant> lastUsedAt,
        Optional<Instant> expiresAt,
        Optional<Instant> revokedAt) {

    public UserRegistrationToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(usageLimit, "usageLimit");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    /**
     * Whether the token has expired at {@code now}: from its expiry instant on. (The repository's filter counts a
     * token whose expiry is exactly its {@code now} as not yet expired, as MAS's does.)
     */
    public boolean isExpiredAt(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }

    public boolean isExhausted() {
        return usageLimit.isPresent() && timesUsed >= usageLimit.get();
    }

    /** Not revoked, not expired at {@code now} and under its usage limit: what to check before {@link #use}. */
    public boolean isValidAt(Instant now) {
        return revokedAt.isEmpty() && !isExpiredAt(now) && !isExhausted();
    }

    /**
     * One more use at {@code at}: refused ({@code InvalidTransitionException}) unless the token is valid then, that is
     * not revoked, not expired and under its usage limit.
     */
    public UserRegistrationToken use(Instant at) {
        check(revokedAt.isEmpty(), "registration token", id, "use", "it was revoked at " + revokedAt.orElse(null));
        check(!isExpiredAt(at), "registration token", id, "use", "it expired at " + expiresAt.orElse(null));
        check(!isExhausted(), "registration token", id, "use", "it was used " + timesUsed + " times, its limit");
        return new UserRegistrationToken(id, token, usageLimit, timesUsed + 1, createdAt, Optional.of(at), expiresAt,
                revokedAt);
    }

    /** Revoked at {@code at}; a token already revoked stays revoked since its first revocation. */
    public UserRegistrationToken revoke(Instant at) {
        return new UserRegistrationToken(id, token, usageLimit, timesUsed, createdAt, lastUsedAt, expiresAt,
                Optional.of(revokedAt.orElse(at)));
    }

    /** Not revoked (any more); a token that is not revoked stays as it is. */
    public UserRegistrationToken unrevoke() {
        return new UserRegistrationToken(id, token, usageLimit, timesUsed, createdAt, lastUsedAt, expiresAt,
                Optional.empty());
    }

    public UserRegistrationToken withExpiry(Optional<Instant> value) {
        return new UserRegistrationToken(id, token, usageLimit, timesUsed, createdAt, lastUsedAt, value, revokedAt);
    }

    public UserRegistrationToken withUsageLimit(Optional<Integer> value) {
        return new UserRegistrationToken(id, token, value, timesUsed, createdAt, lastUsedAt, expiresAt, revokedAt);
    }

    @Override
    public String toString() {
        return "UserRegistrationToken[id=" + id + ", token=<redacted>, usageLimit=" + usageLimit + ", timesUsed="
                + timesUsed + ", createdAt=" + createdAt + ", lastUsedAt=" + lastUsedAt + ", expiresAt=" + expiresAt
                + ", revokedAt=" + revokedAt + "]";
    }
}
