package io.authstore.storage.oauth2;

import java.util.Objects;
import java.util.Optional;

/**
 * Which clients a list or count is about. Immutable: each method returns a narrower filter. Name and URI matches
 * are substrings, ignoring case, with {@code %} and {@code _} matched literally.
 */
public record OAuth2ClientFilter(
        Optional<Boolean> isStatic,
        Optional<String> clientName,
        Optional<String> clientUri,
        Optional<GrantType> grantType,
        Optional<Boolean> hasActiveSessions) {

    private static final OAuth2ClientFilter ALL = new OAuth2ClientFilter(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public OAuth2ClientFilter {
        Objects.requireNonNull(isStatic, "isStatic");
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(clientUri, "clientUri");
        Objects.requireNonNull(grantType, "grantType");
        Objects.requireNonNull(hasActiveSessions, "hasActiveSessions");
    }

    public static OAuth2ClientFilter all() {
        return ALL;
    }

    public OAuth2ClientFilter onlyStatic() {
        return new OAuth2ClientFilter(Optional.of(true), clientName, clientUri, grantType, hasActiveSessions);
    }

    public OAuth2ClientFilter onlyDynamic() {
        return new OAuth2ClientFilter(Optional.of(false), clientName, clientUri, grantType, hasActiveSessions);
    }

    public OAuth2ClientFilter matchingClientName(String text) {
        return new OAuth2ClientFilter(isStatic, Optional.of(text), clientUri, grantType, hasActiveSessions);
    }

    public OAuth2ClientFilter matchingClientUri(String text) {
        return new OAuth2ClientFilter(isStatic, clientName, Optional.of(text), grantType, hasActiveSessions);
    }

    /** Clients allowed this grant type; a type clients do not store (implicit, password…) matches none. */
    public OAuth2ClientFilter withGrantType(GrantType type) {
        return new OAuth2ClientFilter(isStatic, clientName, clientUri, Optional.of(type), hasActiveSessions);
    }

    /** Clients with (or without) at least one active OAuth 2.0 session. */
    public OAuth2ClientFilter withActiveSessions(boolean value) {
        return new OAuth2ClientFilter(isStatic, clientName, clientUri, grantType, Optional.of(value));
    }
}
