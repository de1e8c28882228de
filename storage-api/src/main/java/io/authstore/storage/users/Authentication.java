package io.authstore.storage.users;

import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;

/** A successful authentication of a browser session, and what it used. */
public record Authentication(Ulid id, Ulid browserSessionId, Instant createdAt, Method method) {

    public Authentication {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(browserSessionId, "browserSessionId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(method, "method");
    }

    /** What the user authenticated with. */
    public sealed interface Method {

        /** A password of the user. */
        record ByPassword(Ulid userPasswordId) implements Method {}

        /** An upstream identity provider's authorization session. */
        record ByUpstreamOAuth(Ulid upstreamOAuthAuthorizationSessionId) implements Method {}

        /** What was used has since been deleted. */
        record Unknown() implements Method {}
    }
}
