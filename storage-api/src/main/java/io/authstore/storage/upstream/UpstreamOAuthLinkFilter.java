package io.authstore.storage.upstream;

import io.authstore.storage.Ulid;
import io.authstore.storage.users.User;
import java.util.Objects;
import java.util.Optional;

/** Which links a list or count is about. Immutable; each narrowing is ANDed with the others. */
public record UpstreamOAuthLinkFilter(
        Optional<Ulid> userId,
        Optional<Ulid> providerId,
        Optional<Boolean> providerEnabled,
        Optional<String> subject,
        Optional<String> humanAccountName) {

    private static final UpstreamOAuthLinkFilter ALL = new UpstreamOAuthLinkFilter(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public UpstreamOAuthLinkFilter {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(providerEnabled, "providerEnabled");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(humanAccountName, "humanAccountName");
    }

    public static UpstreamOAuthLinkFilter all() {
        return ALL;
    }

    /** Links associated with this user. */
    public UpstreamOAuthLinkFilter user(User user) {
        return new UpstreamOAuthLinkFilter(Optional.of(user.id()), providerId, providerEnabled, subject,
                humanAccountName);
    }

    /** Links of this provider. */
    public UpstreamOAuthLinkFilter provider(UpstreamOAuthProvider provider) {
        return new UpstreamOAuthLinkFilter(userId, Optional.of(provider.id()), providerEnabled, subject,
                humanAccountName);
    }

    /** Links of enabled providers only. */
    public UpstreamOAuthLinkFilter enabledProvidersOnly() {
        return new UpstreamOAuthLinkFilter(userId, providerId, Optional.of(true), subject, humanAccountName);
    }

    /** Links of disabled providers only. */
    public UpstreamOAuthLinkFilter disabledProvidersOnly() {
        return new UpstreamOAuthLinkFilter(userId, providerId, Optional.of(false), subject, humanAccountName);
    }

    /** Links with exactly this subject. */
    public UpstreamOAuthLinkFilter subject(String value) {
        return new UpstreamOAuthLinkFilter(userId, providerId, providerEnabled, Optional.of(value), humanAccountName);
    }

    /** Links whose human account name contains this text, ignoring case (taken literally: no wildcards). */
    public UpstreamOAuthLinkFilter matchingHumanAccountName(String text) {
        return new UpstreamOAuthLinkFilter(userId, providerId, providerEnabled, subject, Optional.of(text));
    }
}
