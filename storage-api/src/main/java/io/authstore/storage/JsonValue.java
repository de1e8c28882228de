package io.authstore.storage;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A JSON document, immutable: the text it was made from (checked to be one valid JSON value, RFC 8259, that
 * PostgreSQL's {@code jsonb} can hold) and its parsed tree. This is authstore's one JSON type: every {@code jsonb}
 * column (upstream OAuth, policy data, the job queue's payloads and metadata) is read and written as a JsonValue.
 *
 * <p>Two values are {@link #equals equal} when they mean the same JSON: objects compare without regard to the order
 * of their keys (a repeated key keeps its last value, as PostgreSQL's {@code jsonb} does), numbers by their value
 * ({@code 1.0}, {@code 1} and {@code 1e0} are equal). That is the equality a {@code jsonb} column keeps: what comes
 * back from the database equals what went in, though its {@link #text} may be spelled differently. The text read
 * back is jsonb's canonical spelling (one space after {@code :} and {@code ,}, object keys ordered by length then
 * bytes, the last of duplicate keys kept, exponents written out, escapes other than {@code \"}, {@code \\},
 * {@code \b}, {@code \f}, {@code \n}, {@code \r}, {@code \t} and those of control characters decoded); a
 * document already in that spelling comes back identical, character for character, because {@link #text} is
 * always the text a value was parsed from.
 *
 * <p>Refused with {@link IllegalArgumentException}, so that a bad document fails here and not on the server (where
 * it would roll back the caller's unit of work): invalid JSON; U+0000 in a string, raw or as {@code \u0000}; a
 * UTF-16 surrogate that is not half of a pair; a number outside PostgreSQL's {@code numeric} range (more than
 * 131072 digits before the decimal point, more than 16383 after it); nesting deeper than 512 levels. The message
 * gives the offset, the text's length and what was wrong, never a character of the text: a document may hold
 * secrets.
 */
public final class JsonValue {

    /** The JSON {@code null} in a parsed tree (Java's null means "absent" nowhere in it). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** The empty object, {@code {}}. */
    public static final JsonValue EMPTY_OBJECT = parse("{}");

    private final String text;
    private final Object tree;
    private final Object normalized;

    private JsonValue(String text, Object tree) {
        this.text = text;
        this.tree = tree;
        this.normalized = normalize(tree);
    }

    /**
     * Parses one JSON value (surrounding whitespace allowed); what is refused, and how, is in the class
     * documentation.
     */
    public static JsonValue parse(String text) {
        Objects.requireNonNull(text, "text");
        Parser parser = new Parser(text);
        parser.skipWhitespace();
        Object tree = parser.value(0);
        parser.skipWhitespace();
        if (parser.position != text.length()) {
            throw parser.error("unexpected " + Parser.describe(text.charAt(parser.position)) + " after the value");
        }
        return new JsonValue(text, tree);
    }

    /** A JSON string value. */
    public static JsonValue string(String value) {
        return parse(quote(value));
    }

    /** {@code value} as a JSON string literal, with quotes and escapes. */
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
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
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

    /** The text this value was parsed from. */
    public String text() {
        return text;
    }

    /**
     * The parsed tree: {@code Map<String, Object>} (in the text's key order), {@code List<Object>}, {@code String},
     * {@code BigDecimal}, {@code Boolean} or {@link #NULL}; unmodifiable.
     */
    public Object tree() {
        return tree;
    }

    public boolean isObject() {
        return tree instanceof Map<?, ?>;
    }

    /** The member {@code name} of an object; empty when this is not an object or has no such member. */
    public Optional<JsonValue> get(String name) {
        if (tree instanceof Map<?, ?> map && map.containsKey(name)) {
            return Optional.of(of(map.get(name)));
        }
        return Optional.empty();
    }

    /** The element at {@code index} of an array; empty when this is not an array or is shorter. */
    public Optional<JsonValue> get(int index) {
        if (tree instanceof List<?> list && index >= 0 && index < list.size()) {
            return Optional.of(of(list.get(index)));
        }
        return Optional.empty();
    }

    /** The string, when this is a JSON string. */
    public Optional<String> asString() {
        return tree instanceof String value ? Optional.of(value) : Optional.empty();
    }

    /** The number, when this is a JSON number. */
    public Optional<BigDecimal> asNumber() {
        return tree instanceof BigDecimal value ? Optional.of(value) : Optional.empty();
    }

    /** A subtree as a value of its own (its text is written out compactly). */
    private static JsonValue of(Object subtree) {
        StringBuilder out = new StringBuilder();
        write(subtree, out);
        return new JsonValue(out.toString(), subtree);
    }

    private static void write(Object node, StringBuilder out) {
        if (node instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(quote((String) entry.getKey())).append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (node instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else if (node instanceof String value) {
            out.append(quote(value));
        } else if (node instanceof BigDecimal number) {
            out.append(number.toString());
        } else {
            out.append(node);
        }
    }

    /** The tree with what JSON equality ignores taken out: key order (HashMap equality) and number spelling. */
    private static Object normalize(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> out = new java.util.HashMap<>();
            map.forEach((key, value) -> out.put(key, normalize(value)));
            return out;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(JsonValue::normalize).toList();
        }
        if (node instanceof BigDecimal number) {
            return number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
        }
        return node;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonValue json && normalized.equals(json.normalized);
    }

    @Override
    public int hashCode() {
        return normalized.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    /**
     * A recursive-descent parser of RFC 8259 JSON that refuses, besides invalid JSON, what {@code jsonb} cannot hold
     * (so the server never fails on it): U+0000 in a string (raw or escaped), a UTF-16 surrogate that is not half of
     * a pair, and a number outside PostgreSQL's numeric range. Its errors give the offset, the text's length and what
     * was wrong, never a character of the text (a document may hold secrets).
     */
    private static final class Parser {

        /** Deepest nesting of arrays and objects accepted. */
        private static final int MAX_DEPTH = 512;
        /** numeric's limits: digits before the decimal point, digits after it, and the written exponent. */
        private static final int MAX_INTEGER_DIGITS = 131_072;
        private static final int MAX_FRACTION_DIGITS = 16_383;
        private static final long MAX_EXPONENT = Integer.MAX_VALUE / 2;

        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("not valid JSON at offset " + Math.min(position, text.length())
                    + " of " + text.length() + ": " + what);
        }

        void skipWhitespace() {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    position++;
                } else {
                    return;
                }
            }
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH + " levels");
            }
            if (position >= text.length()) {
                throw error("a value was expected but the text ended");
            }
            char c = text.charAt(position);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", NULL);
                default -> {
                    if (c == '-' || isDigit(c)) {
                        yield number();
                    }
                    throw error("unexpected " + describe(c) + " where a value was expected");
                }
            };
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, position)) {
                throw error("unexpected " + describe(text.charAt(position)) + " where a value was expected");
            }
            position += word.length();
            return value;
        }

        private Map<String, Object> object(int depth) {
            position++;
            Map<String, Object> members = new LinkedHashMap<>();
            skipWhitespace();
            if (peek() == '}') {
                position++;
                return Collections.unmodifiableMap(members);
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("an object key (a string) was expected");
                }
                String name = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                Object value = value(depth + 1);
                members.remove(name); // a repeated key: the last one wins, in the last one's place
                members.put(name, value);
                skipWhitespace();
                char next = peek();
                position++;
                if (next == '}') {
                    return Collections.unmodifiableMap(members);
                }
                if (next != ',') {
                    position--;
                    throw error("',' or '}' was expected in an object");
                }
            }
        }

        private List<Object> array(int depth) {
            position++;
            List<Object> elements = new ArrayList<>();
            skipWhitespace();
            if (peek() == ']') {
                position++;
                return Collections.unmodifiableList(elements);
            }
            while (true) {
                skipWhitespace();
                elements.add(value(depth + 1));
                skipWhitespace();
                char next = peek();
                position++;
                if (next == ']') {
                    return Collections.unmodifiableList(elements);
                }
                if (next != ',') {
                    position--;
                    throw error("',' or ']' was expected in an array");
                }
            }
        }

        /** The character at the position, or {@link #END} past the end (only compared, never described). */
        private char peek() {
            return position < text.length() ? text.charAt(position) : END;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("'" + c + "' was expected");
            }
            position++;
        }

        private String string() {
            int start = position;
            position++;
            StringBuilder out = new StringBuilder();
            while (position < text.length()) {
                char c = text.charAt(position++);
                if (c == '"') {
                    if (hasUnpairedSurrogate(out)) {
                        position = start;
                        throw error("a string holds a UTF-16 surrogate that is not half of a pair, which jsonb "
                                + "cannot hold");
                    }
                    return out.toString();
                }
                if (c == '\\') {
                    out.append(escape());
                } else if (c < 0x20) {
                    position--;
                    throw error(c == 0
                            ? "a NUL character (U+0000), which jsonb cannot hold"
                            : "an unescaped " + describe(c) + " in a string");
                } else {
                    out.append(c);
                }
            }
            position = start;
            throw error("a string is not closed");
        }

        private char escape() {
            if (position >= text.length()) {
                throw error("an escape sequence is cut off");
            }
            char c = text.charAt(position++);
            return switch (c) {
                case '"' -> '"';
                case '\\' -> '\\';
                case '/' -> '/';
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'u' -> {
                    if (position + 4 > text.length()) {
                        throw error("a \\u escape needs four hex digits");
                    }
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(text.charAt(position + i), 16);
                        if (digit < 0) {
                            throw error("a \\u escape needs four hex digits");
                        }
                        code = code * 16 + digit;
                    }
                    if (code == 0) {
                        position -= 2;
                        throw error("the escape \\u0000, which jsonb cannot hold");
                    }
                    position += 4;
                    yield (char) code;
                }
                default -> {
                    position -= 2;
                    throw error("an invalid escape sequence");
                }
            };
        }

        private static boolean hasUnpairedSurrogate(CharSequence value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    return true;
                }
            }
            return false;
        }

        private BigDecimal number() {
            int start = position;
            if (peek() == '-') {
                position++;
            }
            if (peek() == '0') {
                position++;
            } else if (isDigit(peek())) {
                digits();
            } else {
                throw error("a digit was expected in a number");
            }
            if (peek() == '.') {
                position++;
                if (!isDigit(peek())) {
                    throw error("a digit was expected after the decimal point");
                }
                digits();
            }
            int mantissaEnd = position;
            long exponent = 0;
            if (peek() == 'e' || peek() == 'E') {
                position++;
                boolean negative = peek() == '-';
                if (peek() == '+' || peek() == '-') {
                    position++;
                }
                if (!isDigit(peek())) {
                    throw error("a digit was expected in the exponent");
                }
                while (isDigit(peek())) {
                    // saturates well above the limit, so a long exponent cannot overflow
                    exponent = Math.min(exponent * 10 + (text.charAt(position++) - '0'), 10 * MAX_EXPONENT);
                }
                exponent = negative ? -exponent : exponent;
            }
            int end = position;
            position = start;
            if (Math.abs(exponent) > MAX_EXPONENT) {
                throw error("a number whose exponent is beyond what jsonb can hold");
            }
            BigDecimal number = new BigDecimal(text.substring(start, mantissaEnd)).scaleByPowerOfTen((int) exponent);
            if (number.scale() > MAX_FRACTION_DIGITS) {
                throw error("a number with more than " + MAX_FRACTION_DIGITS
                        + " digits after the decimal point, which jsonb cannot hold");
            }
            if (number.signum() != 0 && (long) number.precision() - number.scale() > MAX_INTEGER_DIGITS) {
                throw error("a number with more than " + MAX_INTEGER_DIGITS
                        + " digits before the decimal point, which jsonb cannot hold");
            }
            position = end;
            return number;
        }

        private void digits() {
            while (isDigit(peek())) {
                position++;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        /**
         * What an unexpected character is, without giving it: a control character by its code point (it is no
         * content of a value), anything else only as a character.
         */
        static String describe(char c) {
            return c < 0x20 ? String.format("control character U+%04X", (int) c) : "character";
        }

        private static final char END = '\uFFFF';
    }
}
