package org.mpsharness.stress.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The CI plan leaves tests that need more CPUs than the machine has out of the selection, and says so. */
class PlansTest {
    private static final String WIDE = "org.mpsharness.stress.gate.wide.CorrectAdaptiveGateThreeUsers";
    private static final String WIDE_CONTROL = "org.mpsharness.stress.gate.wide.BrokenCountingGateThreeUsers";
    private static final String NARROW = "org.mpsharness.stress.gate.CorrectAdaptiveGateSharedStream";
    private static final String CONTROL = "org.mpsharness.stress.gate.BrokenCountingGateSharedStream";

    private static boolean selects(Stage s, String test) {
        return Pattern.compile(s.regex()).matcher(test).find();
    }

    @Test
    void wideTestsAreSelectedOnlyWithEnoughCpus() {
        Stage correct2 = Plans.ci(2).get(0);
        Stage controls2 = Plans.ci(2).get(1);
        assertThat(selects(correct2, NARROW)).isTrue();
        assertThat(selects(correct2, WIDE)).isFalse();
        assertThat(selects(correct2, CONTROL)).isFalse();
        assertThat(selects(controls2, CONTROL)).isTrue();
        assertThat(selects(controls2, WIDE_CONTROL)).isFalse();
        assertThat(Plans.notRun(2)).contains("NOT RUN").contains("4 CPUs");

        Stage correct4 = Plans.ci(Plans.WIDE_CPUS).get(0);
        Stage controls4 = Plans.ci(Plans.WIDE_CPUS).get(1);
        assertThat(selects(correct4, WIDE)).isTrue();
        assertThat(selects(correct4, NARROW)).isTrue();
        assertThat(selects(controls4, WIDE_CONTROL)).isTrue();
        assertThat(selects(controls4, WIDE)).isFalse();
        assertThat(Plans.notRun(Plans.WIDE_CPUS)).isNull();
    }
}
