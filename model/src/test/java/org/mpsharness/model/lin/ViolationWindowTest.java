package org.mpsharness.model.lin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mpsharness.model.lin.Ops.op;
import static org.mpsharness.model.lin.Ops.read;
import static org.mpsharness.model.lin.Ops.unknown;
import static org.mpsharness.model.lin.Ops.write;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpsharness.model.spec.KeyValueSpec;
import org.mpsharness.model.spec.RegisterSpec;

/** The violation report: the culprit, the smallest window around it, and the states it starts from. */
class ViolationWindowTest {
    private final LinearizabilityChecker checker = new LinearizabilityChecker();
    private final RegisterSpec register = new RegisterSpec();

    @Test
    void windowStartsAtTheLastQuiescentPointAndHoldsTheCulpritOperations() {
        List<Operation> history = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            history.add(write(i % 3, (long) i, 2L * i, 2L * i + 1)); // a long legal prefix ending in state 49
        }
        Operation w = write(0, 7L, 101, 106);
        Operation readsNew = read(1, 7L, 102, 103);
        Operation readsOld = read(1, 49L, 104, 105);
        history.addAll(List.of(w, readsNew, readsOld));

        CheckResult result = checker.check(register, history);

        assertThat(result.verdict()).isEqualTo(Verdict.VIOLATION);
        ViolationWindow window = result.window().orElseThrow();
        assertThat(window.culprit()).isSameAs(readsOld);
        assertThat(window.operations()).containsExactly(w, readsNew, readsOld);
        assertThat(window.startStates()).containsExactly(new RegisterSpec.Cell(49L));
        assertThat(window.earlierUnknown()).isEmpty();
        assertThat(window.start()).isEqualTo(101);
        assertThat(window.end()).isEqualTo(105);
        assertThat(window.fromStart()).isFalse();
        assertThat(window.narrowed()).isTrue();
        assertThat(window.report())
                .contains("the response at 105 cannot be linearized: process 1 read -> 49")
                .contains("possible states at the window start: 49\n")
                .contains("window: from 101")
                .containsPattern("(?m)^  >> process 1 +read -> 49 +call 104, return 105$")
                .containsPattern("(?m)^     process 0 +write 7 +call 101, return 106 \\(after the culprit")
                .doesNotContain("write 48");
    }

    @Test
    void earlierUnknownOperationsCarryTheirExactStateIntoTheWindow() {
        // the timed-out write of 1 was seen, then overwritten by 2; it cannot take effect a second time, so the last
        // read of 1 is impossible. Projecting the configurations onto states alone would wrongly let it re-apply.
        Operation timedOut = unknown(0, "write", 1L, 1);
        Operation seen = read(1, 1L, 2, 3);
        Operation overwrite = write(1, 2L, 4, 5);
        Operation impossible = read(1, 1L, 6, 7);

        CheckResult result = checker.check(register, List.of(timedOut, seen, overwrite, impossible));

        ViolationWindow window = result.window().orElseThrow();
        assertThat(window.culprit()).isSameAs(impossible);
        assertThat(window.operations()).containsExactly(impossible);
        assertThat(window.earlierUnknown()).containsExactly(timedOut);
        assertThat(window.startStates()).containsExactly(new RegisterSpec.Cell(2L));
        assertThat(window.narrowed()).isTrue();
        assertThat(window.report()).contains("operations of unknown outcome invoked earlier")
                .containsPattern("(?m)^     process 0 +write 1 +call 1, outcome unknown$");
    }

    @Test
    void startStatesListEveryPossibility() {
        Operation timedOut = unknown(0, "write", 5L, 1);
        Operation w = write(1, 1L, 2, 3);
        Operation readsSix = read(1, 6L, 4, 5);

        ViolationWindow window = checker.check(register, List.of(timedOut, w, readsSix)).window().orElseThrow();

        assertThat(window.startStates())
                .containsExactlyInAnyOrder(new RegisterSpec.Cell(1L), new RegisterSpec.Cell(5L));
    }

    @Test
    void violationInOnePartitionReportsThatPartitionOnly() {
        List<Operation> history = List.of(
                op(0, "put", kv("a", "x"), null, 1, 2),
                op(1, "put", kv("b", "y"), null, 3, 4),
                op(0, "get", kv("a", null), "x", 5, 6),
                op(1, "get", kv("b", null), "", 7, 8)); // b lost its value

        CheckResult result = checker.check(new KeyValueSpec(), history);

        assertThat(result.verdict()).isEqualTo(Verdict.VIOLATION);
        assertThat(result.partitions()).isEqualTo(2);
        ViolationWindow window = result.window().orElseThrow();
        assertThat(window.partition()).isEqualTo(1);
        assertThat(window.operations()).allSatisfy(op -> assertThat(op.arg("key")).isEqualTo("b"));
        assertThat(window.culprit()).isSameAs(history.get(3));
        assertThat(window.report()).startsWith("in partition 2 of 2:");
    }

    @Test
    void withSeveralFailingPartitionsTheReportDoesNotDependOnThreadTiming() {
        List<Operation> history = new ArrayList<>();
        history.add(op(0, "put", kv("a", "x"), null, 1, 2));
        history.add(op(0, "get", kv("a", null), "", 3, 4)); // key a fails at once
        long t = 5;
        for (int i = 0; i < 200; i++, t += 2) {
            history.add(op(1, "put", kv("b", "v" + i), null, t, t + 1)); // key b is larger, so searched first
        }
        history.add(op(1, "get", kv("b", null), "v0", t, t + 1)); // and fails too

        for (int run = 0; run < 20; run++) {
            ViolationWindow w = checker.withThreads(2).check(new KeyValueSpec(), history).window().orElseThrow();
            assertThat(w.partition()).isZero();
            assertThat(w.culprit()).isSameAs(history.get(1));
        }
    }

    @Test
    void longWindowsAreCutButKeepTheCulprit() {
        List<Operation> history = new ArrayList<>();
        history.add(write(0, 9L, 1, 1000)); // runs across everything: no quiescent point
        for (int i = 0; i < 100; i++) {
            history.add(write(1, (long) (100 + i), 10L + 2 * i, 11L + 2 * i));
        }
        Operation culprit = read(1, 77L, 500, 501);
        history.add(culprit);

        ViolationWindow window = checker.check(register, history).window().orElseThrow();

        assertThat(window.culprit()).isSameAs(culprit);
        assertThat(window.fromStart()).isTrue();
        assertThat(window.operations()).hasSize(102);
        assertThat(window.report()).contains("operations not shown").contains("from the start of the history")
                .containsPattern("(?m)^  >> process 1 +read -> 77");
        assertThat(window.report().lines().count()).isLessThan(WindowReport.MAX_LINES + 12);
    }

    private static Map<String, Object> kv(String key, String value) {
        return value == null ? Map.of("key", key) : Map.of("key", key, "value", value);
    }
}
