package org.mpsharness.model.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.mpsharness.model.lin.CheckResult;
import org.mpsharness.model.lin.Operation;
import org.mpsharness.model.lin.Verdict;
import org.mpsharness.model.spec.RegisterSpec;

/** The one path from a history to a verdict: no operations and operations the spec rejects are bad input. */
class HistoryDeciderTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private static History read(HistoryFormat format, String text) throws Exception {
        return format.reader().read("h", new BufferedReader(new StringReader(text)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(HistoryFormat.class)
    void anEmptyOrBlankFileHasNoOperationsInEveryFormat(HistoryFormat format) throws Exception {
        for (String text : List.of("", "\n", "  \n\t\n\n")) {
            History h = read(format, text);
            assertThatThrownBy(() -> HistoryDecider.decide(h, new RegisterSpec(), LIMIT))
                    .isInstanceOf(HistoryFormatException.class)
                    .hasMessage("h: no operations (nothing was invoked: an empty or truncated recording has no"
                            + " verdict)");
        }
    }

    @Test
    void aHistoryWhoseEveryOperationFailedHasNoOperations() throws Exception {
        History h = read(HistoryFormat.JSONL, """
                {"process":0,"type":"invoke","f":"write","value":1}
                {"process":1,"type":"invoke","f":"write","value":2}
                {"process":0,"type":"fail"}
                {"process":1,"type":"fail","f":"write"}
                """);

        assertThat(h.failed()).isEqualTo(2);
        assertThatThrownBy(() -> HistoryDecider.decide(h, new RegisterSpec(), LIMIT))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessage("h: no operations (all 2 invoked operations failed, so none took effect; nothing to"
                        + " decide)");
    }

    @Test
    void oneOperationOfUnknownOutcomeIsAHistory() throws Exception {
        History h = read(HistoryFormat.JSONL, "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n");

        assertThat(HistoryDecider.decide(h, new RegisterSpec(), LIMIT).verdict()).isEqualTo(Verdict.OK);
    }

    @Test
    void anOperationTheSpecRejectsIsBadInputAtItsLine() throws Exception {
        History h = read(HistoryFormat.JSONL, """
                {"process":0,"type":"invoke","f":"write","value":1}
                {"process":0,"type":"ok"}

                {"process":1,"type":"invoke","f":"cas","value":[1]}
                {"process":1,"type":"ok","value":true}
                """);

        assertThatThrownBy(() -> HistoryDecider.decide(h, new RegisterSpec(), LIMIT))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessage("h:4: cas needs [from, to] as input, not [1]");
    }

    @Test
    void aValidHistoryGetsItsVerdict() throws Exception {
        History stale = read(HistoryFormat.JSONL, """
                {"process":0,"type":"invoke","f":"write","value":1}
                {"process":0,"type":"ok"}
                {"process":1,"type":"invoke","f":"read"}
                {"process":1,"type":"ok","value":null}
                """);

        CheckResult r = HistoryDecider.decide(stale, new RegisterSpec(), LIMIT);

        assertThat(r.verdict()).isEqualTo(Verdict.VIOLATION);
        assertThat(r.window()).isPresent();
    }

    @Test
    void anEmptyRecordedHistoryIsAHarnessDefectNotAPass() {
        Map<String, History> recorded = Map.of(RecordedHistories.POOL, new History("run (stream pool)", List.of()));

        assertThatThrownBy(() -> HistoryVerdicts.check(recorded, LIMIT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stream-pool history cannot be decided: run (stream pool): no operations");
        Map<String, History> one = Map.of(RecordedHistories.POOL, new History("run", List.of(
                Operation.completed(0, "acquire", null, 3L, 1, 2))));
        assertThat(HistoryVerdicts.check(one, LIMIT).get(RecordedHistories.POOL).verdict()).isEqualTo(Verdict.OK);
    }
}
