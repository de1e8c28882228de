package io.authstore.storage.queue;

import java.util.Objects;

/**
 * A JSON document as text, checked to be one well-formed JSON value (RFC 8259) that PostgreSQL's {@code jsonb} can
 * hold, so that a malformed payload is refused here with {@link IllegalArgumentException} (saying where it is wrong)
 * instead of failing on the server and rolling back the caller's session.
 *
 * <p>Stored as {@code jsonb}: what is read back is the same value in PostgreSQL's canonical spelling (one space after
 * {@code :} and {@code ,}, object keys ordered by length then bytes, the last of duplicate keys kept, numbers
 * exactly as written). A document already in that spelling reads back identical, character for character.
 */
public record Json(String text) {

    /** The empty object, the default payload and metadata. */
    public static final Json EMPTY_OBJECT = new Json("{}");

    private static final int MAX_DEPTH = 512;

    public Json {
        Objects.requireNonNull(text, "text");
        new Checker(text).check();
    }

    public static Json of(String text) {
        return new Json(text);
    }

    /** A JSON string literal holding {@code value}, escaped as needed. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    @Override
    public String toString() {
        return text;
    }

    /** A recursive-descent recogniser: accepts exactly one JSON value surrounded by optional whitespace. */
    private static final class Checker {
        private final String text;
        private int at;

        Checker(String text) {
            this.text = text;
        }

        void check() {
            whitespace();
            value(0);
            whitespace();
            if (at != text.length()) {
                throw fail("unexpected " + describe(text.charAt(at)) + " after the value");
            }
        }

        private void value(int depth) {
            if (depth > MAX_DEPTH) {
                throw fail("nested deeper than " + MAX_DEPTH + " levels");
            }
            if (at >= text.length()) {
                throw fail("a value was expected but the text ended");
            }
            char c = text.charAt(at);
            switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        number();
                    } else {
                        throw fail("unexpected " + describe(c) + " where a value was expected");
                    }
                }
            }
        }

        private void object(int depth) {
            at++;
            whitespace();
            if (peek() == '}') {
                at++;
                return;
            }
            while (true) {
                whitespace();
                if (peek() != '"') {
                    throw fail("an object key (a string) was expected");
                }
                string();
                whitespace();
                expect(':');
                whitespace();
                value(depth + 1);
                whitespace();
                char c = peek();
                at++;
                if (c == '}') {
                    return;
                }
                if (c != ',') {
                    at--;
                    throw fail("',' or '}' was expected in an object");
                }
            }
        }

        private void array(int depth) {
            at++;
            whitespace();
            if (peek() == ']') {
                at++;
                return;
            }
            while (true) {
                whitespace();
                value(depth + 1);
                whitespace();
                char c = peek();
                at++;
                if (c == ']') {
                    return;
                }
                if (c != ',') {
                    at--;
                    throw fail("',' or ']' was expected in an array");
                }
            }
        }

        private void string() {
            int start = at;
            at++;
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return;
                }
                if (c == '\\') {
                    escape();
                } else if (c < 0x20) {
                    at--;
                    throw fail(c == 0
                            ? "a NUL character (U+0000), which jsonb cannot hold"
                            : "an unescaped control character " + describe(c) + " in a string");
                }
            }
            at = start;
            throw fail("a string is not closed");
        }

        private void escape() {
            if (at >= text.length()) {
                throw fail("an escape sequence is cut off");
            }
            char c = text.charAt(at++);
            switch (c) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> { }
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw fail("a \\u escape needs four hex digits");
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(text.charAt(at + i), 16);
                        if (digit < 0) {
                            throw fail("a \\u escape needs four hex digits");
                        }
                        code = code * 16 + digit;
                    }
                    if (code == 0) {
                        throw fail("the escape \\u0000, which jsonb cannot hold");
                    }
                    at += 4;
                }
                default -> {
                    at--;
                    throw fail("an invalid escape \\" + c);
                }
            }
        }

        private void number() {
            if (peek() == '-') {
                at++;
            }
            if (peek() == '0') {
                at++;
            } else if (isDigit(peek())) {
                digits();
            } else {
                throw fail("a digit was expected in a number");
            }
            if (peek() == '.') {
                at++;
                if (!isDigit(peek())) {
                    throw fail("a digit was expected after the decimal point");
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                at++;
                if (peek() == '+' || peek() == '-') {
                    at++;
                }
                if (!isDigit(peek())) {
                    throw fail("a digit was expected in the exponent");
                }
                digits();
            }
        }

        private void digits() {
            while (isDigit(peek())) {
                at++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private void literal(String word) {
            if (!text.startsWith(word, at)) {
                throw fail("unexpected " + describe(text.charAt(at)) + " where a value was expected");
            }
            at += word.length();
        }

        private void expect(char c) {
            if (peek() != c) {
                throw fail("'" + c + "' was expected");
            }
            at++;
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\uFFFF';
        }

        private void whitespace() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                at++;
            }
        }

        private static String describe(char c) {
            return c < 0x20 || c == '\uFFFF' ? String.format("U+%04X", (int) c) : "'" + c + "'";
        }

        private IllegalArgumentException fail(String what) {
            return new IllegalArgumentException("not valid JSON at offset " + Math.min(at, text.length()) + " of "
                    + text.length() + ": " + what);
        }
    }
}
