package io.authstore.storage.upstream;

import io.authstore.storage.Ulid;
import java.util.Objects;
import java.util.Optional;

/**
 * Which authorization sessions a list or count is about (also used by the browser-session filter
 * {@code linkedToUpstreamSessions}). Immutable; the claim filters compare the {@code sub} and {@code sid} claims of
 * the ID token exactly, which is how a back-channel logout finds the sessions it ends.
 */
public record UpstreamOAuthSessionFilter(Optional<Ulid> providerId, Optional<String> subClaim,
        Optional<String> sidClaim) {

    private static final UpstreamOAuthSessionFilter ALL =
            new UpstreamOAuthSessionFilter(Optional.empty(), Optional.empty(), Optional.empty());

    public UpstreamOAuthSessionFilter {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(subClaim, "subClaim");
        Objects.requireNonNull(sidClaim, "sidClaim");
        // Refused here, where every query using the filter (this repository's and the browser sessions') sees it.
        if (subClaim.filter(sub -> sub.indexOf('\0') >= 0).isPresent()) {
            throw new IllegalArgumentException("filter subClaim contains a NUL character (U+0000), which PostgreSQL"
                    + " cannot store in text");
        }
        if (sidClaim.filter(sid -> sid.indexOf('\0') >= 0).isPresent()) {
            throw new IllegalArgumentException("filter sidClaim contains a NUL character (U+0000), which PostgreSQL"
                    + " cannot store in text");
        }
    }

    public static UpstreamOAuthSessionFilter all() {
        return ALL;
    }

    public UpstreamOAuthSessionFilter provider(UpstreamOAuthProvider provider) {
        return new UpstreamOAuthSessionFilter(Optional.of(provider.id()), subClaim, sidClaim);
    }

    /** Sessions whose ID token's {@code sub} claim is this string. */
    public UpstreamOAuthSessionFilter subClaim(String sub) {
        return new UpstreamOAuthSessionFilter(providerId, Optional.of(sub), sidClaim);
    }

    /** Sessions whose ID token's {@code sid} claim is this string. */
    public UpstreamOAuthSessionFilter sidClaim(String sid) {
        return new UpstreamOAuthSessionFilter(providerId, subClaim, Optional.of(sid));
    }
}
