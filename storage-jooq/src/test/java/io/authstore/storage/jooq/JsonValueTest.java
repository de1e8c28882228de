package io.authstore.storage.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.authstore.storage.JsonValue;
import io.authstore.storage.jooq.testing.StorageExtension;
import io.authstore.storage.jooq.testing.TestStorage;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.jooq.JSONB;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * authstore's one JSON type: it accepts exactly what PostgreSQL's jsonb accepts (checked against the server), equals
 * what jsonb gives back, and says what is wrong without repeating the text.
 */
@ExtendWith(StorageExtension.class)
class JsonValueTest {

    /** jsonb's rendering of {@code text}, or empty when the server refuses it. */
    private static Optional<String> jsonb(TestStorage storage, String text) {
        try {
            return Optional.of(storage.sql().select(DSL.val(JSONB.valueOf(text))).fetchOne().value1().data());
        } catch (DataAccessException e) {
            return Optional.empty();
        }
    }

    private static void acceptedExactlyWhenJsonbAccepts(TestStorage storage, List<String> documents) {
        for (String text : documents) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "…(" + text.length() + " chars)" : text;
            Optional<String> server = jsonb(storage, text);
            Throwable refused = catchThrowable(() -> JsonValue.parse(text));
            if (server.isPresent()) {
                assertThat(refused).as("jsonb accepts %s", shown).isNull();
                JsonValue read = JsonValue.parse(server.get());
                assertThat(read).as("what jsonb gives back for %s", shown).isEqualTo(JsonValue.parse(text));
                assertThat(read.text()).as("the text read back is jsonb's").isEqualTo(server.get());
            } else {
                assertThat(refused).as("jsonb refuses %s", shown).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("not valid JSON at offset ");
            }
        }
    }

    @Test
    void numbersAreAcceptedExactlyWithinNumericsRange(TestStorage storage) {
        acceptedExactlyWhenJsonbAccepts(storage, List.of(
                "1e131071", "9.9e131071", "-123.4e131069", "1e131072", "123.4e131070", "1" + "0".repeat(131071),
                "1" + "0".repeat(131072), "1e-16383", "5E-16383", "0.5e-16382", "1e-16384", "1.5e-16383",
                "50E-16384", "0." + "0".repeat(16382) + "1", "0." + "0".repeat(16383) + "1", "0e-16383", "0e-16384",
                "0e1073741823", "0e1073741824", "0e-1073741824", "1e1000000", "1e2147483647", "1e2147483648",
                "1e99999999999999999999", "[1E+2, -0, -0.0, 0.000, 1.50e1]"));
    }

    @Test
    void stringsAreAcceptedExactlyWhenJsonbAcceptsThem(TestStorage storage) {
        acceptedExactlyWhenJsonbAccepts(storage, List.of(
                "\"\\ud83d\\ude00\"", "\"\\uD83D\\uDE00 and \uD83D\uDE00\"", "\"\\ud800\"", "\"\\udc00\"",
                "\"\\ude00\\ud83d\"", "\"a\\ud83d\"", "\"\\u0000\"", "\"\\u0001\\b\\f\\n\\r\\t\\/\\\"\\\\\"",
                "\"\\u00e9\\u00E9\\uFFFF\"", "{\"\\ud800\": 1}", "[\"\\u0000\"]"));
    }

    @Test
    void whatJsonbCannotHoldIsRefusedBeforeTheServerSeesIt() {
        assertThatThrownBy(() -> JsonValue.parse("\"a\u0000b\""))
                .hasMessage("not valid JSON at offset 2 of 5: a NUL character (U+0000), which jsonb cannot hold");
        assertThatThrownBy(() -> JsonValue.parse("[\"\\u0000\"]"))
                .hasMessage("not valid JSON at offset 2 of 10: the escape \\u0000, which jsonb cannot hold");
        // a lone surrogate, escaped or raw (a Java String may hold one; UTF-8 cannot)
        for (String text : List.of("[\"\\ud800\"]", "[\"a\uD800\"]", "[\"\uDE00\uD83D\"]", "[\"\\uDE00\\uD83D\"]")) {
            assertThatThrownBy(() -> JsonValue.parse(text)).as(text)
                    .hasMessageStartingWith("not valid JSON at offset 1 of " + text.length()
                            + ": a string holds a UTF-16 surrogate that is not half of a pair");
        }
        assertThatThrownBy(() -> JsonValue.string("\uD800")).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> JsonValue.string("a\u0000")).hasMessageContaining("\\u0000");
        assertThatThrownBy(() -> JsonValue.parse("[1, 1e131072]"))
                .hasMessage("not valid JSON at offset 4 of 13: a number with more than 131072 digits before the "
                        + "decimal point, which jsonb cannot hold");
        assertThatThrownBy(() -> JsonValue.parse("1e-16384"))
                .hasMessage("not valid JSON at offset 0 of 8: a number with more than 16383 digits after the "
                        + "decimal point, which jsonb cannot hold");
        assertThatThrownBy(() -> JsonValue.parse("0e99999999999"))
                .hasMessage("not valid JSON at offset 0 of 13: a number whose exponent is beyond what jsonb can "
                        + "hold");
        String nested512 = "[".repeat(512) + "]".repeat(512);
        assertThat(JsonValue.parse("[" + nested512 + "]").text()).hasSize(1026);
        assertThatThrownBy(() -> JsonValue.parse("[[" + nested512 + "]]"))
                .hasMessage("not valid JSON at offset 513 of 1028: nested deeper than 512 levels");
    }

    @Test
    void errorsSayWhereAndWhatButRepeatNoCharacterOfTheText() {
        String secret = "s3cr3t-Token_value";
        List<String> broken = List.of(secret, "{\"token\": " + secret + "}", "{\"token\": \"" + secret + "\"} "
                + secret, "[\"" + secret, "{\"" + secret + "\" 1}", "\"" + secret + "\\q\"", "[" + secret + "]",
                "{" + secret + ": 1}", "\"" + secret + "\u0001\"");
        for (String text : broken) {
            assertThatThrownBy(() -> JsonValue.parse(text)).as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not valid JSON at offset ")
                    .hasMessageContaining(" of " + text.length() + ": ")
                    .hasMessageNotContaining("s3cr").hasMessageNotContaining("'s'").hasMessageNotContaining("'t'")
                    .hasMessageNotContaining("'['");
        }
        assertThatThrownBy(() -> JsonValue.parse("[1 2]"))
                .hasMessage("not valid JSON at offset 3 of 5: ',' or ']' was expected in an array");
        assertThatThrownBy(() -> JsonValue.parse("{\"a\" 1}"))
                .hasMessage("not valid JSON at offset 5 of 7: ':' was expected");
        assertThatThrownBy(() -> JsonValue.parse("{\"a\": 1 \"b\": 2}"))
                .hasMessage("not valid JSON at offset 8 of 15: ',' or '}' was expected in an object");
        assertThatThrownBy(() -> JsonValue.parse("\"abc"))
                .hasMessage("not valid JSON at offset 0 of 4: a string is not closed");
        assertThatThrownBy(() -> JsonValue.parse("\"a\\q\""))
                .hasMessage("not valid JSON at offset 2 of 5: an invalid escape sequence");
        assertThatThrownBy(() -> JsonValue.parse("\"\\u12\""))
                .hasMessage("not valid JSON at offset 3 of 6: a \\u escape needs four hex digits");
        assertThatThrownBy(() -> JsonValue.parse("\"a\tb\""))
                .hasMessage("not valid JSON at offset 2 of 5: an unescaped control character U+0009 in a string");
        assertThatThrownBy(() -> JsonValue.parse("-"))
                .hasMessage("not valid JSON at offset 1 of 1: a digit was expected in a number");
        assertThatThrownBy(() -> JsonValue.parse("1."))
                .hasMessage("not valid JSON at offset 2 of 2: a digit was expected after the decimal point");
        assertThatThrownBy(() -> JsonValue.parse("1e+"))
                .hasMessage("not valid JSON at offset 3 of 3: a digit was expected in the exponent");
        assertThatThrownBy(() -> JsonValue.parse("["))
                .hasMessage("not valid JSON at offset 1 of 1: a value was expected but the text ended");
        assertThatThrownBy(() -> JsonValue.parse("tru"))
                .hasMessage("not valid JSON at offset 0 of 3: unexpected character where a value was expected");
    }

    @Test
    void equalWhenTheJsonIsTheSame() {
        JsonValue value = JsonValue.parse("{\"b\": [1, 2.50, true, null], \"a\": {\"x\": \"y\"}}");
        List<String> sameValue = List.of(
                "{\"a\": {\"x\": \"y\"}, \"b\": [1, 2.50, true, null]}",
                " { \"b\" : [ 1.0 , 25e-1 , true , null ] , \"a\" : { \"x\" : \"\\u0079\" } } ",
                "{\"a\": 0, \"b\": [1, 2.5, true, null], \"a\": {\"x\": \"y\"}}");
        for (String text : sameValue) {
            assertThat(JsonValue.parse(text)).as(text).isEqualTo(value).hasSameHashCodeAs(value);
        }
        for (String text : List.of("{\"a\": {\"x\": \"y\"}, \"b\": [2.5, 1, true, null]}",
                "{\"a\": {\"x\": \"y\"}, \"b\": [1, 2.5, true, null], \"c\": null}", "{\"a\": {\"x\": \"Y\"}, "
                        + "\"b\": [1, 2.5, true, null]}", "{\"a\": {\"x\": \"y\"}, \"b\": [1, 2.5, \"true\", null]}")) {
            assertThat(JsonValue.parse(text)).as(text).isNotEqualTo(value);
        }
        assertThat(JsonValue.parse("0")).isEqualTo(JsonValue.parse("-0.00")).hasSameHashCodeAs(JsonValue.parse("0e5"));
        assertThat(JsonValue.parse("[0]").get(0).flatMap(JsonValue::asNumber)).contains(BigDecimal.ZERO);
        // the text is kept as given
        assertThat(JsonValue.parse(" [1.0] ").text()).isEqualTo(" [1.0] ");
    }

    @Test
    void quoteSpellsStringsAsJsonbDoes(TestStorage storage) {
        String text = "\" \\ / \b \f \n \r \t \u0001 \u001f \u007f é \uD83D\uDE00";
        String quoted = JsonValue.quote(text);
        assertThat(quoted).isEqualTo(jsonb(storage, quoted).orElseThrow());
        assertThat(JsonValue.string(text).asString()).contains(text);
    }
}
