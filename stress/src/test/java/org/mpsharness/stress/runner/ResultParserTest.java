package org.mpsharness.stress.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultParserTest {
    /** Shape of a real jcstress 0.16 -v run (abridged from a run on the build machine). */
    static final String OUTPUT = String.join("\n",
            "...... [FAILED] org.mpsharness.stress.once.BrokenX",
            "  (per-configuration results are printed during the run, before the final section)",
            "    1, 1  1,000  100.00%  Acceptable  ignored: before RUN RESULTS",
            "",
            "RUN RESULTS:",
            "  Interesting tests: No matches.",
            "",
            "  Failed tests: 1 matching test results.",
            "",
            "...... [FAILED] org.mpsharness.stress.freelist.BrokenFreeBeforeClearReleaseVsAcquire",
            "",
            "  Results across all configurations:",
            "",
            "    RESULT  SAMPLES     FREQ      EXPECT  DESCRIPTION",
            "  0, -1, 1  537,855   79.75%  Acceptable  A released; B got slot 1 or nothing; consistent",
            "   0, 1, 0      212    0.03%   Forbidden  B got slot 1 but is not its owner (owner erased by A's re...",
            "   0, 1, 1  136,341   20.22%  Acceptable  A released; B got slot 1 or nothing; consistent",
            "",
            "  Error tests: No matches.",
            "",
            "  All remaining tests: 2 matching test results.",
            "",
            ".......... [OK] org.mpsharness.stress.once.CorrectPerSlotOnceExactlyOnce",
            "",
            "  Results across all configurations:",
            "",
            "  RESULT  SAMPLES     FREQ      EXPECT  DESCRIPTION",
            "    1, 1  320,922  100.00%  Acceptable  one factory run, both callers hold its value",
            "    0, 2        0    0.00%   Forbidden  factory ran twice",
            "",
            ".......... [OK] org.mpsharness.stress.once.BrokenNeverCaught",
            "",
            "  Results across all configurations:",
            "",
            "  RESULT  SAMPLES     FREQ      EXPECT  DESCRIPTION",
            "    1, 1      10  100.00%  Acceptable  fine",
            "",
            "  HTML report generated at results/index.html");

    @Test
    void readsTheFinalSectionOnly() {
        List<TestOutcome> tests = ResultParser.parse(OUTPUT);
        assertThat(tests).extracting(TestOutcome::name).containsExactly(
                "org.mpsharness.stress.freelist.BrokenFreeBeforeClearReleaseVsAcquire",
                "org.mpsharness.stress.once.CorrectPerSlotOnceExactlyOnce",
                "org.mpsharness.stress.once.BrokenNeverCaught");
        TestOutcome first = tests.get(0);
        assertThat(first.status()).isEqualTo("FAILED");
        assertThat(first.rows()).hasSize(3);
        assertThat(first.rows().get(0).result()).isEqualTo("0, -1, 1");
        assertThat(first.rows().get(0).samples()).isEqualTo(537_855);
        assertThat(first.forbiddenSamples()).isEqualTo(212);
        assertThat(first.forbiddenSummary()).isEqualTo("\"0, 1, 0\" x212");
        assertThat(tests.get(1).forbiddenSamples()).isZero();
        assertThat(tests.get(1).totalSamples()).isEqualTo(320_922);
    }

    @Test
    void gradesByKind() {
        List<TestOutcome> tests = ResultParser.parse(OUTPUT);
        assertThat(tests.get(0).kind()).isEqualTo(TestKind.CONTROL);
        assertThat(tests.get(0).passed()).as("control caught").isTrue();
        assertThat(tests.get(1).kind()).isEqualTo(TestKind.CORRECT);
        assertThat(tests.get(1).passed()).isTrue();
        assertThat(tests.get(2).passed()).as("control not caught").isFalse();
        assertThat(TestKind.of("a.b.WeakHwPlainArrayOncePublication")).isEqualTo(TestKind.WEAK_HARDWARE);
    }

    @Test
    void nothingRanMeansFailure() {
        StressReport r = new StressReport();
        r.add(ResultParser.parse("FATAL: No matching tests.\n"));
        assertThat(r.passed()).isFalse();
        assertThat(r.failures()).anyMatch(f -> f.startsWith("no jcstress test ran"));
    }

    @Test
    void aForbiddenOutcomeOnACorrectDesignOrAMissedControlFails() {
        String bad = OUTPUT.replace("    0, 2        0    0.00%   Forbidden", "    0, 2        3    0.00%   Forbidden");
        StressReport r = new StressReport();
        r.add(ResultParser.parse(bad));
        assertThat(r.failures()).anyMatch(f -> f.contains("CorrectPerSlotOnceExactlyOnce: FORBIDDEN"))
                .anyMatch(f -> f.contains("BrokenNeverCaught: control NOT caught"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.table()).contains("MISSED").contains("FAILED");
    }

    @Test
    void selectedButNotRunFails() {
        StressReport r = new StressReport();
        r.add(ResultParser.parse(OUTPUT.replace("BrokenNeverCaught", "BrokenCaught").replace(
                "    1, 1      10  100.00%  Acceptable  fine", "    0, 2      10  100.00%  Forbidden  caught")));
        assertThat(r.passed()).isTrue();
        r.missing("org.mpsharness.stress.pool.CorrectThreeActors");
        assertThat(r.failures()).containsExactly("org.mpsharness.stress.pool.CorrectThreeActors: selected but did not run");
    }

    @Test
    void listsTestNames() {
        assertThat(ResultParser.parseList("Burning up to figure out the exact CPU count....... done!\n\n"
                + "org.mpsharness.stress.once.CorrectPerSlotOnceExactlyOnce\norg.x.Y$Z\n"))
                .containsExactly("org.mpsharness.stress.once.CorrectPerSlotOnceExactlyOnce", "org.x.Y$Z");
    }

    @Test
    void stageSelectionsSplitTheTests() {
        java.util.regex.Pattern correct = java.util.regex.Pattern.compile(Stage.CORRECT_TESTS);
        java.util.regex.Pattern controls = java.util.regex.Pattern.compile(Stage.CONTROL_TESTS);
        String c = "org.mpsharness.stress.once.CorrectPerSlotOnceExactlyOnce";
        String b = "org.mpsharness.stress.once.BrokenNoRecheckOnceExactlyOnce";
        String w = "org.mpsharness.stress.once.WeakHwPlainArrayOncePublication";
        assertThat(correct.matcher(c).find()).isTrue();
        assertThat(correct.matcher(b).find()).isFalse();
        assertThat(correct.matcher(w).find()).isFalse();
        assertThat(controls.matcher(b).find()).isTrue();
        assertThat(controls.matcher(c).find()).isFalse();
        assertThat(controls.matcher(w).find()).isFalse();
        String k = "org.mpsharness.stress.pool.KnownBugPoolReleaseReacquire";
        assertThat(correct.matcher(k).find()).as("known production bugs stay out of the CI check").isFalse();
        assertThat(controls.matcher(k).find()).isFalse();
        assertThat(TestKind.of(k)).isEqualTo(TestKind.KNOWN_BUG);
    }
}
