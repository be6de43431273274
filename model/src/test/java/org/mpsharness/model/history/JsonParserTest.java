package org.mpsharness.model.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonParserTest {

    @Test
    void parsesEveryKindOfValue() throws Exception {
        Object v = JsonParser.parse(
                " {\"a\": [1, -2, 3.5, 1e3, true, false, null], \"s\": \"q\\\"\\\\\\/\\n\\u00e9\\ud83d\\ude00\", \"o\": {}} ");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(1L, -2L, 3.5, 1000.0, true, false, null));
        expected.put("s", "q\"\\/\n\u00e9\ud83d\ude00");
        expected.put("o", Map.of());
        assertThat(v).isEqualTo(expected);
        assertThat(List.copyOf(((Map<?, ?>) v).keySet())).isEqualTo(List.of("a", "s", "o"));
    }

    @Test
    void roundTripsThroughTheWriter() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("n", Long.MIN_VALUE);
        value.put("d", 0.1);
        value.put("list", Arrays.asList("tab\there", null, List.of()));
        value.put("ctl", "\u0001");
        assertThat(JsonParser.parse(JsonWriter.write(value))).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\" 1}                | column 6: expected ':' after object key, found '1'",
            "{\"a\":1,}               | column 8: expected a string key in object, found '}'",
            "[1 2]                    | column 4: expected ',' or ']' in array, found '2'",
            "{\"a\":1} x              | column 9: unexpected 'x' after the value",
            "\"abc                    | column 1: string not closed before the end of the line",
            "01                       | column 2: leading zero in number",
            "99999999999999999999     | column 1: integer 99999999999999999999 does not fit in 64 bits",
            "{\"a\":1,\"a\":2}        | column 8: duplicate key \"a\"",
            "tru                      | column 1: unexpected 't', expected a value",
            "\"\\x\"                  | column 3: invalid escape '\\x' in string",
            "@                        | column 1: unexpected '@', expected a value",
            "-                        | column 2: expected digits in number, found end of line",
    })
    void rejectsMalformedJsonNamingTheColumn(String text, String message) {
        assertThatThrownBy(() -> JsonParser.parse(text.strip())).isInstanceOf(JsonParser.SyntaxException.class)
                .hasMessage(message);
    }

    @Test
    void rejectsEmptyInputAndDeepNesting() {
        assertThatThrownBy(() -> JsonParser.parse("")).hasMessage("column 1: unexpected end of line, expected a value");
        assertThatThrownBy(() -> JsonParser.parse("[".repeat(100) + "]".repeat(100)))
                .hasMessageContaining("nested deeper than");
    }
}
