package io.authstore.storage.oauth2;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An OAuth 2.0 scope: a set of tokens, kept sorted, so two scopes with the same tokens are equal whatever order they
 * were given in. A token is one or more printable ASCII characters other than space, {@code "} and {@code \}
 * (RFC 6749, section 3.3).
 */
public record Scope(SortedSet<String> tokens) {

    public static final String OPENID = "openid";
    public static final String EMAIL = "email";
    public static final String PROFILE = "profile";

    public Scope {
        Objects.requireNonNull(tokens, "tokens");
        TreeSet<String> copy = new TreeSet<>();
        for (String token : tokens) {
            if (!isToken(token)) {
                throw new IllegalArgumentException("not a scope token: '" + token + "'");
            }
            copy.add(token);
        }
        tokens = Collections.unmodifiableSortedSet(copy);
    }

    public static Scope of(String... tokens) {
        return new Scope(new TreeSet<>(Arrays.asList(tokens)));
    }

    public static Scope of(Collection<String> tokens) {
        return new Scope(new TreeSet<>(tokens));
    }

    /** The scope written as its tokens separated by single spaces (as in a request or a text column). */
    public static Scope parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            return of();
        }
        return of(text.split(" ", -1));
    }

    /** Whether {@code token} is a valid scope token. */
    public static boolean isToken(String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    public boolean contains(String token) {
        return tokens.contains(token);
    }

    public boolean containsAll(Scope other) {
        return tokens.containsAll(other.tokens);
    }

    public String[] toArray() {
        return tokens.toArray(String[]::new);
    }

    @Override
    public String toString() {
        return String.join(" ", tokens);
    }
}
