package io.authstore.storage.jooq;

import reactor.core.publisher.Mono;

/**
 * Strings on their way into text columns. PostgreSQL's {@code text} cannot hold U+0000: the server would refuse
 * the statement ("invalid byte sequence"), and that database error would roll back the caller's whole session. So
 * repositories refuse such a value before anything is sent, with an error that leaves the session usable. Every
 * other string, whatever its characters or length, is bound as a parameter and stored as it is.
 */
public final class Text {

    private Text() {}

    /** Whether {@code value} holds a NUL character; {@code null} (no value) has none. */
    public static boolean hasNul(String value) {
        return value != null && value.indexOf('\0') >= 0;
    }

    /**
     * The failure for a {@code field} that {@link #hasNul has a NUL}: an {@link IllegalArgumentException} naming the
     * field, never the value (it may be a password hash or a token), delivered at subscription like every failure.
     */
    public static <T> Mono<T> refused(String field) {
        return Mono.error(() -> new IllegalArgumentException(field
                + " contains a NUL character (U+0000), which PostgreSQL cannot store in text; nothing was sent"));
    }
}
