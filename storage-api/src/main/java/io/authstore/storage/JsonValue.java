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
 * A JSON document, immutable: the text it was made from (checked to be one valid JSON value) and its parsed tree.
 *
 * <p>Two values are {@link #equals equal} when they mean the same JSON: objects compare without regard to the order
 * of their keys (a repeated key keeps its last value, as PostgreSQL's {@code jsonb} does), numbers by their value
 * ({@code 1.0}, {@code 1} and {@code 1e0} are equal). That is the equality a {@code jsonb} column keeps: what comes
 * back from the database equals what went in, though its {@link #text} may be spelled differently (jsonb orders the
 * keys and drops whitespace).
 *
 * <p>A string holding U+0000 (raw or as {@code \u0000}) is refused: {@code jsonb} cannot store it.
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
     * Parses one JSON value (surrounding whitespace allowed). Invalid JSON, and U+0000 anywhere in a string, is an
     * {@link IllegalArgumentException} that gives the position only: the document may hold secrets.
     */
    public static JsonValue parse(String text) {
        Objects.requireNonNull(text, "text");
        Parser parser = new Parser(text);
        parser.skipWhitespace();
        Object tree = parser.value(0);
        parser.skipWhitespace();
        if (parser.position != text.length()) {
            throw parser.error("unexpected characters after the JSON value");
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

    /** A recursive-descent parser of RFC 8259 JSON. */
    private static final class Parser {

        private static final int MAX_DEPTH = 512;

        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("not valid JSON: " + what + " at offset " + position);
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
                throw error("a value was expected, the text ended");
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
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("unexpected character");
                }
            };
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, position)) {
                throw error("unexpected word");
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
                    throw error("a member name was expected");
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
                    throw error("',' or '}' was expected");
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
                    throw error("',' or ']' was expected");
                }
            }
        }

        private char peek() {
            if (position >= text.length()) {
                throw error("the text ended too early");
            }
            return text.charAt(position);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("'" + c + "' was expected");
            }
            position++;
        }

        private String string() {
            position++;
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = peek();
                position++;
                if (c == '"') {
                    requirePairedSurrogates(out);
                    return out.toString();
                }
                if (c == '\\') {
                    char escape = peek();
                    position++;
                    switch (escape) {
                        case '"' -> out.append('"');
                        case '\\' -> out.append('\\');
                        case '/' -> out.append('/');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case 'u' -> {
                            if (position + 4 > text.length()) {
                                throw error("a \\u escape needs four hex digits");
                            }
                            int code;
                            try {
                                code = Integer.parseInt(text.substring(position, position + 4), 16);
                            } catch (NumberFormatException e) {
                                throw error("a \\u escape needs four hex digits");
                            }
                            if (code == 0) {
                                throw error("\\u0000, which jsonb cannot store,");
                            }
                            position += 4;
                            out.append((char) code);
                        }
                        default -> {
                            position--;
                            throw error("unknown escape");
                        }
                    }
                } else if (c == 0) {
                    position--;
                    throw error("U+0000, which jsonb cannot store,");
                } else if (c < 0x20) {
                    position--;
                    throw error("a control character in a string");
                } else {
                    out.append(c);
                }
            }
        }

        /** jsonb refuses a surrogate that is not half of a pair. */
        private void requirePairedSurrogates(CharSequence value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw error("an unpaired UTF-16 surrogate in the string ending");
                }
            }
        }

        private BigDecimal number() {
            int start = position;
            if (peek() == '-') {
                position++;
            }
            if (position < text.length() && text.charAt(position) == '0') {
                position++;
            } else {
                digits();
            }
            if (position < text.length() && text.charAt(position) == '.') {
                position++;
                digits();
            }
            if (position < text.length() && (text.charAt(position) == 'e' || text.charAt(position) == 'E')) {
                position++;
                if (position < text.length() && (text.charAt(position) == '+' || text.charAt(position) == '-')) {
                    position++;
                }
                digits();
            }
            try {
                return new BigDecimal(text.substring(start, position));
            } catch (NumberFormatException e) {
                throw error("a number out of range");
            }
        }

        private void digits() {
            int start = position;
            while (position < text.length() && text.charAt(position) >= '0' && text.charAt(position) <= '9') {
                position++;
            }
            if (position == start) {
                throw error("a digit was expected");
            }
        }
    }
}
