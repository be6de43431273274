package org.mpsharness.model.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonParserTest {

    @Test
    void parsesEveryKindOfValue() throws Exception {
        Object v = JsonParser.parse(
                " {\"a\": [1, -2, 3.5, 1e3, true, false, null], \"s\": \"q\\\"\\\\\\/\\n\\u00e9\\ud83d\\ude00\", \"o\": {}} ");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("a", Arrays.asList(1L, -2L, new BigDecimal("3.5"), 1000L, true, false, null));
        expected.put("s", "q\"\\/\n\u00e9\ud83d\ude00");
        expected.put("o", Map.of());
        assertThat(v).isEqualTo(expected);
        assertThat(List.copyOf(((Map<?, ?>) v).keySet())).isEqualTo(List.of("a", "s", "o"));
    }

    @Test
    void roundTripsThroughTheWriter() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("n", Long.MIN_VALUE);
        value.put("d", new BigDecimal("0.1"));
        value.put("big", new BigDecimal("1.5E-300"));
        value.put("list", Arrays.asList("tab\there", null, List.of()));
        value.put("ctl", "\u0001");
        assertThat(JsonParser.parse(JsonWriter.write(value))).isEqualTo(value);
        // a double is written as Java spells it and read back as that decimal
        assertThat(JsonParser.parse(JsonWriter.write(0.1))).isEqualTo(new BigDecimal("0.1"));
        assertThat(JsonParser.parse(JsonWriter.write(2.0))).isEqualTo(2L);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1", "1.0", "1e0", "1E0", "1e+0", "10E-1", "0.1e1", "1.000", "100e-2", "0.00001e5"})
    void anIntegerIsALongWhateverItsSpelling(String spelling) throws Exception {
        assertThat(JsonParser.parse(spelling)).isEqualTo(1L);
        assertThat(JsonParser.parse("{\"id\": " + spelling + "}")).isEqualTo(Map.of("id", 1L));
    }

    @Test
    void integersCompareExactlyEvenBeyondTheDoublePrecision() throws Exception {
        // 2^53 + 1 has no double: read through a double, the two spellings would be different numbers
        assertThat(JsonParser.parse("9007199254740993.0")).isEqualTo(9007199254740993L);
        assertThat(JsonParser.parse("-9223372036854775808.0")).isEqualTo(Long.MIN_VALUE);
        assertThat(JsonParser.parse("-0.0")).isEqualTo(0L);
        assertThat(JsonParser.parse("-0")).isEqualTo(0L);
    }

    @Test
    void otherNumbersCompareExactlyByTheirDecimalValue() throws Exception {
        assertThat(JsonParser.parse("1.50")).isEqualTo(JsonParser.parse("1.5")).isEqualTo(new BigDecimal("1.5"));
        assertThat(JsonParser.parse("15e-1")).isEqualTo(JsonParser.parse("1.5"));
        // equal as doubles, different as numbers: not the same value
        assertThat(JsonParser.parse("0.10000000000000001")).isNotEqualTo(JsonParser.parse("0.1"));
        assertThat(JsonParser.parse("1.0000000000000000001")).isNotEqualTo(1L);
        assertThat(JsonParser.parse("1e-999999999")).isInstanceOf(BigDecimal.class);
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
            "9223372036854775808.0    | column 1: integer 9223372036854775808.0 does not fit in 64 bits",
            "1e19                     | column 1: integer 1e19 does not fit in 64 bits",
            "[1, 1e999999999]         | column 5: integer 1e999999999 does not fit in 64 bits",
            "1e99999999999            | column 1: number 1e99999999999 is out of range",
            "1.                       | column 3: expected digits after '.', found end of line",
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
