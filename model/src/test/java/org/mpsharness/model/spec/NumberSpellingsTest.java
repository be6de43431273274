package org.mpsharness.model.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mpsharness.model.history.History;
import org.mpsharness.model.history.HistoryDecider;
import org.mpsharness.model.history.HistoryFormatException;
import org.mpsharness.model.history.JsonLinesReader;
import org.mpsharness.model.lin.Spec;
import org.mpsharness.model.lin.Verdict;

/**
 * Histories that differ only in how their numbers are spelt get the same verdict, for every spec with ids: the
 * partitioner and the step relation see one value. Each pair below once got opposite verdicts (two mallocs of block
 * {@code 1} and {@code 1.0} passed, a free of {@code 1.0} after a malloc of {@code 1} failed), and a fractional id was
 * truncated to a different one; now it is bad input at its line.
 */
class NumberSpellingsTest {
    private static final SpecRegistry SPECS = SpecRegistry.standard();

    private static Verdict decide(String spec, String... lines) throws Exception {
        return HistoryDecider.decide(read(lines), SPECS.require(spec), Duration.ofSeconds(10)).verdict();
    }

    private static History read(String... lines) throws Exception {
        return new JsonLinesReader().read("h.jsonl", new BufferedReader(new StringReader(String.join("\n", lines))));
    }

    private static String invoke(int p, String f, String value) {
        return "{\"process\":" + p + ",\"type\":\"invoke\",\"f\":\"" + f + "\"" + (value == null ? "" : ",\"value\":"
                + value) + "}";
    }

    private static String ok(int p, String value) {
        return "{\"process\":" + p + ",\"type\":\"ok\"" + (value == null ? "" : ",\"value\":" + value) + "}";
    }

    @ParameterizedTest(name = "block {0} and block {1}")
    @CsvSource({"1, 1", "1, 1.0", "1.0, 1", "1, 1e0", "1, 10E-1", "2, 0.2e1"})
    void twoMallocsOfOneBlockAreAViolationHoweverItIsSpelt(String a, String b) throws Exception {
        assertThat(decide("allocator",
                invoke(0, "malloc", "{\"size\":8}"), ok(0, "{\"id\":" + a + ",\"size\":8}"),
                invoke(1, "malloc", "{\"size\":8}"), ok(1, "{\"id\":" + b + ",\"size\":8}")))
                .isEqualTo(Verdict.VIOLATION);
    }

    @ParameterizedTest(name = "malloc {0}, free {1}")
    @CsvSource({"1, 1", "1, 1.0", "1.00, 1", "3, 3e0"})
    void aFreeOfTheBlockMallocedIsLegalHoweverItIsSpelt(String a, String b) throws Exception {
        assertThat(decide("allocator",
                invoke(0, "malloc", "{\"size\":8}"), ok(0, "{\"id\":" + a + ",\"size\":8.0}"),
                invoke(0, "free", "{\"id\":" + b + "}"), ok(0, null),
                invoke(1, "malloc", "{\"size\":8e0}"), ok(1, "{\"id\":" + b + ",\"size\":8}")))
                .isEqualTo(Verdict.OK);
    }

    @ParameterizedTest(name = "slot {0} and slot {1}")
    @CsvSource({"1, 1", "1, 1.0", "5, 0.5e1"})
    void twoAcquiresOfOneSlotAreAViolationHoweverItIsSpelt(String a, String b) throws Exception {
        assertThat(decide("stream-pool", invoke(0, "acquire", null), ok(0, a), invoke(1, "acquire", null),
                ok(1, b))).isEqualTo(Verdict.VIOLATION);
        assertThat(decide("stream-pool", invoke(0, "acquire", null), ok(0, a),
                invoke(0, "release", "{\"slot\":" + b + "}"), ok(0, "\"RELEASED\""),
                invoke(1, "acquire", null), ok(1, b))).isEqualTo(Verdict.OK);
    }

    @Test
    void oncePerSlotSeesOneSlotAndOneValueHoweverTheyAreSpelt() throws Exception {
        assertThat(decide("once-per-slot", invoke(0, "get", "{\"slot\":1}"), ok(0, "11"),
                invoke(1, "get", "{\"slot\":1.0}"), ok(1, "12"))).isEqualTo(Verdict.VIOLATION);
        assertThat(decide("once-per-slot", invoke(0, "get", "{\"slot\":1}"), ok(0, "11"),
                invoke(1, "get", "{\"slot\":1.0}"), ok(1, "11.0"))).isEqualTo(Verdict.OK);
        assertThat(decide("once-per-slot", invoke(0, "get", "{\"slot\":1}"), ok(0, "{\"stream\":1.5}"),
                invoke(1, "get", "{\"slot\":1}"), ok(1, "{\"stream\":1.50}"))).isEqualTo(Verdict.OK);
        assertThat(decide("once-per-slot", invoke(0, "get", "{\"slot\":1}"), ok(0, "0.1"),
                invoke(1, "get", "{\"slot\":1}"), ok(1, "0.10000000000000001")))
                .as("non-integral values compare exactly").isEqualTo(Verdict.VIOLATION);
    }

    @Test
    void theCommitGateSeesOneStreamHoweverItIsSpelt() throws Exception {
        assertThat(decide("commit-gate", invoke(0, "activate", "{\"stream\":1}"), ok(0, null),
                invoke(0, "commit", "{\"stream\":1.0}"), ok(0, "true"))).isEqualTo(Verdict.OK);
    }

    @Test
    void aRegisterComparesValuesInCanonicalForm() throws Exception {
        assertThat(decide("register", invoke(0, "write", "1"), ok(0, null), invoke(1, "read", null), ok(1, "1.0")))
                .isEqualTo(Verdict.OK);
        assertThat(decide("register", invoke(0, "write", "[1, 2.50]"), ok(0, null), invoke(0, "cas",
                "[[1.0, 2.5], 3]"), ok(0, "true"), invoke(1, "read", null), ok(1, "3e0"))).isEqualTo(Verdict.OK);
        assertThat(decide("register", invoke(0, "write", "0.1"), ok(0, null), invoke(1, "read", null),
                ok(1, "0.10000000000000001"))).isEqualTo(Verdict.VIOLATION);
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "allocator | malloc | {\"size\":8} | {\"id\":1.5,\"size\":8} | malloc's output needs an integer \"id\"",
            "allocator | malloc | {\"size\":0.5} | {\"id\":1,\"size\":8} | malloc's input needs an integer \"size\"",
            "allocator | free | {\"id\":1e-1} |  | free's input needs an integer \"id\"",
            "stream-pool | acquire |  | 1.5 | acquire returns a slot 0..31",
            "stream-pool | release | {\"slot\":2.5} | \"RELEASED\" | release needs {\"slot\": 0..31}",
            "once-per-slot | get | {\"slot\":0.5} | 3 | get needs {\"slot\": integer}",
            "commit-gate | commit | {\"stream\":1.5} | false | commit needs {\"stream\": 0..31}",
    })
    void aFractionalIdIsBadInputAtItsLine(String spec, String f, String input, String output, String message) {
        // reported at the operation's invocation (line 1), before any search
        assertThatThrownBy(() -> decide(spec, invoke(0, f, input), ok(0, output)))
                .isInstanceOf(HistoryFormatException.class).hasMessageStartingWith("h.jsonl:1: " + message);
    }

    @Test
    void everyStandardSpecIsOneThisTestKnows() {
        for (String name : SPECS.names()) {
            Spec<?> spec = SPECS.require(name);
            assertThat(spec.name()).isIn("register", "kv", "kv-whole", "stream-pool", "allocator", "once-per-slot",
                    "commit-gate");
        }
    }
}
