package io.authstore.storage.personal;

import io.authstore.storage.Ulid;
import io.authstore.storage.users.User;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;

/**
 * Which personal sessions a list, count or bulk revocation is about. Immutable: each method returns a narrower
 * filter. Time bounds are exclusive. The {@code expires…} conditions are about the session's token that is not
 * revoked; a session without one counts as having no expiry (so {@code expires(false)} matches it, as in MAS).
 */
public record PersonalSessionFilter(
        Optional<Ulid> ownerUserId,
        Optional<Ulid> ownerOAuth2ClientId,
        Optional<Ulid> actorUserId,
        Optional<String> deviceId,
        Optional<PersonalSessionState.Kind> state,
        Optional<SortedSet<String>> scope,
        Optional<Instant> lastActiveBefore,
        Optional<Instant> lastActiveAfter,
        Optional<Instant> expiresBefore,
        Optional<Instant> expiresAfter,
        Optional<Boolean> expires) {

    private static final PersonalSessionFilter ALL = new PersonalSessionFilter(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public PersonalSessionFilter {
        Objects.requireNonNull(ownerUserId, "ownerUserId");
        Objects.requireNonNull(ownerOAuth2ClientId, "ownerOAuth2ClientId");
        Objects.requireNonNull(actorUserId, "actorUserId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(lastActiveBefore, "lastActiveBefore");
        Objects.requireNonNull(lastActiveAfter, "lastActiveAfter");
        Objects.requireNonNull(expiresBefore, "expiresBefore");
        Objects.requireNonNull(expiresAfter, "expiresAfter");
        Objects.requireNonNull(expires, "expires");
    }

    public static PersonalSessionFilter all() {
        return ALL;
    }

    public PersonalSessionFilter ownerUser(User user) {
        return new PersonalSessionFilter(Optional.of(user.id()), ownerOAuth2ClientId, actorUserId, deviceId, state,
                scope, lastActiveBefore, lastActiveAfter, expiresBefore, expiresAfter, expires);
    }

    public PersonalSessionFilter ownerOAuth2Client(Ulid clientId) {
        return new PersonalSessionFilter(ownerUserId, Optional.of(clientId), actorUserId, deviceId, state, scope,
                lastActiveBefore, lastActiveAfter, expiresBefore, expiresAfter, expires);
    }

    public PersonalSessionFilter actorUser(User user) {
        return new PersonalSessionFilter(ownerUserId, ownerOAuth2ClientId, Optional.of(user.id()), deviceId, state,
                scope, lastActiveBefore, lastActiveAfter, expiresBefore, expiresAfter, expires);
    }

    /** Sessions whose scope grants this device (either spelling of its scope token). */
    public PersonalSessionFilter device(String deviceId) {
        return new PersonalSessionFilter(ownerUserId, ownerOAuth2ClientId, actorUserId,
                Optional.of(Objects.requireNonNull(deviceId, "deviceId")), state, scope, lastActiveBefore,
                lastActiveAfter, expiresBefore, expiresAfter, expires);
    }

    public PersonalSessionFilter active() {
        return withState(PersonalSessionState.Kind.ACTIVE);
    }

    public PersonalSessionFilter revoked() {
        return withState(PersonalSessionState.Kind.REVOKED);
    }

    private PersonalSessionFilter withState(PersonalSessionState.Kind value) {
        return new PersonalSessionFilter(ownerUserId, ownerOAuth2ClientId, actorUserId, deviceId, Optional.of(value),
                scope, lastActiveBefore, lastActiveAfter, expiresBefore, expiresAfter, expires);
    }

    /** Sessions whose scope contains every one of these tokens. */
    public PersonalSessionFilter scope(Set<String> tokens) {
        return new PersonalSessionFilter(ownerUserId, ownerOAuth2ClientId, actorUserId, deviceId, state,
                Optional.of(PersonalSession.scopeOf(tokens)), lastActiveBefore, lastActiveAfter, expiresBefore,
                expiresAfter, expires);
    }

    public PersonalSessionFilter lastActiveBefore(Instant instant) {
        return new PersonalSessionFilter(ownerUserId, ownerOAuth2ClientId, actorUserId, deviceId, state, scope,
                Optional.of(instant), lastActiveAfter, expiresBefore, expiresAfter, expires);
    }

    public PersonalSessionFilter lastActiveAfter(Instant instant) {
        return new PersonalSessionFilter(ownerUserId, ownerOAuth2ClientId, actorUserId, deviceId, state, scope,
                lastActiveBefore, Optional.of(instant), expiresBefore, expiresAfter, expires);
    }

    /** Sessions whose active token expires before this instant. */
    public PersonalSessionFilter expiresBefore(Instant instant) {
        return new PersonalSessionFilter(ownerUserId, ownerOAuth2ClientId, actorUserId, deviceId, state, scope,
                lastActiveBefore, lastActiveAfter, Optional.of(instant), expiresAfter, expires);
    }

    /** Sessions whose active token expires after this instant. */
    public PersonalSessionFilter expiresAfter(Instant instant) {
        return new PersonalSessionFilter(ownerUserId, ownerOAuth2ClientId, actorUserId, deviceId, state, scope,
                lastActiveBefore, lastActiveAfter, expiresBefore, Optional.of(instant), expires);
    }

    /** Sessions whose active token has ({@code true}) or has not ({@code false}) an expiry. */
    public PersonalSessionFilter expires(boolean value) {
        return new PersonalSessionFilter(ownerUserId, ownerOAuth2ClientId, actorUserId, deviceId, state, scope,
                lastActiveBefore, lastActiveAfter, expiresBefore, expiresAfter, Optional.of(value));
    }
}
