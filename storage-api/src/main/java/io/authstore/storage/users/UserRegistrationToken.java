package io.authstore.storage.users;

import static io.authstore.storage.InvalidTransitionException.check;

import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token that lets someone register when registration is restricted: usable while not revoked, not expired and
 * used fewer than {@code usageLimit} times (no limit when empty).
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

    public boolean isExpiredAt(Instant now) {
        return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
    }

    public boolean isExhausted() {
        return usageLimit.isPresent() && timesUsed >= usageLimit.get();
    }

    public boolean isValidAt(Instant now) {
        return revokedAt.isEmpty() && !isExpiredAt(now) && !isExhausted();
    }

    public UserRegistrationToken use(Instant at) {
        check(revokedAt.isEmpty(), "registration token", id, "use", "it was revoked at " + revokedAt.orElse(null));
        check(!isExpiredAt(at), "registration token", id, "use", "it expired at " + expiresAt.orElse(null));
        check(!isExhausted(), "registration token", id, "use",
                "it was used " + timesUsed + " times, its limit");
        return new UserRegistrationToken(id, token, usageLimit, timesUsed + 1, createdAt, Optional.of(at), expiresAt,
                revokedAt);
    }

    public UserRegistrationToken revoke(Instant at) {
        check(revokedAt.isEmpty(), "registration token", id, "revoke",
                "it was already revoked at " + revokedAt.orElse(null));
        return new UserRegistrationToken(id, token, usageLimit, timesUsed, createdAt, lastUsedAt, expiresAt,
                Optional.of(at));
    }

    public UserRegistrationToken unrevoke() {
        check(revokedAt.isPresent(), "registration token", id, "unrevoke", "it is not revoked");
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
