package io.authstore.storage.personal;

import java.util.Objects;
import java.util.Optional;

/** A listed personal session with its token that is not revoked, if it has one. */
public record PersonalSessionWithToken(PersonalSession session, Optional<PersonalAccessToken> activeToken) {
    public PersonalSessionWithToken {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(activeToken, "activeToken");
    }
}
