package io.authstore.storage.personal;

import java.time.Instant;
import java.util.Objects;

/** A personal session is active (tokens may be issued for it) until revoked; never back. */
public sealed interface PersonalSessionState {

    record Active() implements PersonalSessionState {}

    record Revoked(Instant revokedAt) implements PersonalSessionState {
        public Revoked {
            Objects.requireNonNull(revokedAt, "revokedAt");
        }
    }

    PersonalSessionState ACTIVE = new Active();

    static PersonalSessionState revokedAt(Instant revokedAt) {
        return revokedAt == null ? ACTIVE : new Revoked(revokedAt);
    }

    /** Filter value: which sessions a list, count or bulk revocation is about. */
    enum Kind { ACTIVE, REVOKED }
}
