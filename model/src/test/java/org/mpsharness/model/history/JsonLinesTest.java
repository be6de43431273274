package org.mpsharness.model.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mpsharness.model.lin.Operation;

/** The project's own format: pairing, the meaning of ok/fail/info, the writer, and one-line errors. */
class JsonLinesTest {

    static History read(String text) throws Exception {
        return new JsonLinesReader().read("h.jsonl", new BufferedReader(new StringReader(text)));
    }

    @Test
    void pairsEventsPerProcessAndAppliesCompletionMeanings() throws Exception {
        History h = read("""
                {"process":0,"type":"invoke","f":"acquire","time":5}
                {"process":1,"type":"invoke","f":"write","value":{"slot":2,"bytes":[1,2]}}
                {"process":2,"type":"invoke","f":"release","value":3}

                {"process":0,"type":"ok","f":"acquire","value":7}
                {"process":1,"type":"info","f":"write"}
                {"process":2,"type":"fail"}
                {"process":1,"type":"invoke","f":"read"}
                """);

        assertThat(h.source()).isEqualTo("h.jsonl");
        assertThat(h.operations()).containsExactly(
                Operation.completed(0, "acquire", null, 7L, 1, 5),
                Operation.unknownOutcome(1, "write", Map.of("slot", 2L, "bytes", List.of(1L, 2L)), 2),
                Operation.unknownOutcome(1, "read", null, 8));
    }

    @Test
    void writerOutputReadsBackAsTheSameOperations() throws Exception {
        StringWriter out = new StringWriter();
        AtomicLong clock = new AtomicLong(100);
        try (JsonLinesWriter w = new JsonLinesWriter(out, clock::incrementAndGet)) {
            w.invoke(0, "malloc", Map.of("size", 256L));
            w.invoke(1, "free", 4096L);
            w.ok(0, "malloc", Map.of("addr", 8192L));
            w.info(1, "free");
            w.invoke(2, "malloc", Map.of("size", 1L));
            w.fail(2, "malloc");
        }
        assertThat(out.toString()).startsWith(
                "{\"process\":0,\"type\":\"invoke\",\"f\":\"malloc\",\"value\":{\"size\":256},\"time\":101}\n");

        History h = read(out.toString());

        assertThat(h.operations()).containsExactly(
                Operation.completed(0, "malloc", Map.of("size", 256L), Map.of("addr", 8192L), 1, 3),
                Operation.unknownOutcome(1, "free", 4096L, 2));
        // and a whole history written back reads back the same, up to renumbered positions
        StringWriter again = new StringWriter();
        new JsonLinesWriter(again).write(h);
        History h2 = read(again.toString());
        assertThat(h2.operations()).extracting(Operation::f, Operation::input, Operation::output)
                .containsExactlyElementsOf(h.operations().stream()
                        .map(o -> org.assertj.core.groups.Tuple.tuple(o.f(), o.input(), o.output())).toList());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"process\":0,\"type\":\"invoke\"}                        | h.jsonl:2: an invoke event needs \"f\", the function name",
            "{\"process\":0,\"type\":\"ok\"}                            | h.jsonl:2: process 0 completes an operation but has no operation in progress",
            "{\"process\":1,\"type\":\"invoke\",\"f\":\"x\"}            | h.jsonl:2: process 1 invokes x while its read invoked at line 1 has not completed",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"write\"}            | h.jsonl:2: process 1 completes write but invoked read at line 1",
            "{\"process\":-1,\"type\":\"ok\"}                           | h.jsonl:2: \"process\" must be a non-negative integer, not -1",
            "{\"process\":\"1\",\"type\":\"ok\"}                        | h.jsonl:2: \"process\" must be a non-negative integer, not \"1\"",
            "{\"type\":\"ok\"}                                          | h.jsonl:2: missing \"process\"",
            "{\"process\":1,\"type\":\"done\"}                          | h.jsonl:2: \"type\" must be invoke, ok, fail or info, not \"done\"",
            "{\"process\":1,\"type\":\"ok\",\"proc\":1}                 | h.jsonl:2: unknown field \"proc\" (fields: process, type, f, value, time)",
            "{\"process\":1,\"type\":\"ok\",\"time\":1.5}               | h.jsonl:2: \"time\" must be an integer, not 1.5",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"\"}                 | h.jsonl:2: \"f\" must be a non-empty string, not \"\"",
            "[1,2]                                                      | h.jsonl:2: expected a JSON object (one event per line), found an array",
            "{\"process\":1,                                            | h.jsonl:2: invalid JSON: column 14: expected a string key in object, found end of line",
    })
    void malformedLinesGiveOneLineNamingFileAndLine(String second, String message) {
        String text = "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}\n" + second.strip() + "\n";
        assertThatThrownBy(() -> read(text)).isInstanceOf(HistoryFormatException.class).hasMessage(message)
                .satisfies(e -> assertThat(((HistoryFormatException) e).line()).isEqualTo(2));
    }

    @Test
    void theExampleInTheFormatDocumentReadsAsDocumented() throws Exception {
        String repo = System.getProperty("harness.repo.dir");
        org.junit.jupiter.api.Assumptions.assumeTrue(repo != null, "harness.repo.dir unset");
        java.nio.file.Path doc = java.nio.file.Path.of(repo, "docs", "history-format.md");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(doc), doc + " absent");
        String text = java.nio.file.Files.readString(doc);
        int start = text.indexOf("```\n", text.indexOf("## Lines")) + 4;
        String example = text.substring(start, text.indexOf("```", start));

        History h = read(example);

        assertThat(h.operations()).containsExactly(
                Operation.completed(0, "malloc", Map.of("size", 256L), Map.of("addr", 8192L), 1, 3),
                Operation.unknownOutcome(1, "free", Map.of("addr", 4096L), 2));
    }

    @Test
    void writerRejectsWhatTheFormatCannotSay() {
        History h = new History("x", List.of(new Operation(0, "read", null, 3L, 1, Operation.NEVER)));
        assertThatThrownBy(() -> new JsonLinesWriter(new StringWriter()).write(h))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JsonLinesWriter(new StringWriter()).invoke(0, "f", new Object()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
