package io.authstore.storage.personal;

import io.authstore.storage.InvalidTransitionException;
import io.authstore.storage.Ulid;
import io.authstore.storage.oauth2.Devices;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A named grant of {@code scope} acting as the user {@code actorUserId}, owned by {@code owner}. The scope is kept
 * as a sorted set of scope tokens.
 */
public record PersonalSession(
        Ulid id,
        PersonalSessionOwner owner,
        Ulid actorUserId,
        String humanName,
        SortedSet<String> scope,
        Instant createdAt,
        PersonalSessionState state,
        Optional<Instant> lastActiveAt,
        Optional<InetAddress> lastActiveIp) {

    public PersonalSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(actorUserId, "actorUserId");
        Objects.requireNonNull(humanName, "humanName");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastActiveAt, "lastActiveAt");
        Objects.requireNonNull(lastActiveIp, "lastActiveIp");
        scope = scopeOf(scope);
    }

    /** An unmodifiable sorted copy of {@code tokens}. */
    public static SortedSet<String> scopeOf(Set<String> tokens) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(tokens, "scope")));
    }

    public boolean isActive() {
        return state instanceof PersonalSessionState.Active;
    }

    public boolean isRevoked() {
        return state instanceof PersonalSessionState.Revoked;
    }

    /** Whether the scope holds a Matrix device (a device scope token, stable or unstable). */
    public boolean hasDevice() {
        return scope.stream().anyMatch(token -> Devices.fromScopeToken(token).isPresent());
    }

    /** The revoked session; {@link InvalidTransitionException} when it is revoked already. */
    public PersonalSession revoke(Instant at) {
        if (state instanceof PersonalSessionState.Revoked(Instant revokedAt)) {
            throw new InvalidTransitionException("personal session", id, "revoke",
                    "it was already revoked at " + revokedAt);
        }
        return new PersonalSession(id, owner, actorUserId, humanName, scope, createdAt,
                new PersonalSessionState.Revoked(at), lastActiveAt, lastActiveIp);
    }
}
