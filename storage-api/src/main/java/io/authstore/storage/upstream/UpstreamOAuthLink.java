package io.authstore.storage.upstream;

import io.authstore.storage.Ulid;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A subject of an upstream provider, and the local user it logs in as once one is associated ({@link #userId} empty
 * until then).
 *
 * @param humanAccountName how the provider names the account to people (e.g. an e-mail address), if known
 */
public record UpstreamOAuthLink(
        Ulid id,
        Ulid providerId,
        Optional<Ulid> userId,
        String subject,
        Optional<String> humanAccountName,
        Instant createdAt) {

    public UpstreamOAuthLink {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(humanAccountName, "humanAccountName");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
