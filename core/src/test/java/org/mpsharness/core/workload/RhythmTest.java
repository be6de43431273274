package org.mpsharness.core.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.sim.SimDevice;

class RhythmTest {

    @Test
    void aSeedFixesTheRhythmAndSeedsVaryIt() {
        WorkloadConfig base = WorkloadConfig.defaults(4).withSteps(100);
        assertThat(Rhythm.vary(base, 7)).isEqualTo(Rhythm.vary(base, 7));
        Set<String> seen = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            WorkloadConfig c = Rhythm.vary(base, seed);
            assertThat(c.seed()).isEqualTo(seed);
            assertThat(c.threads()).isBetween(1, 4);
            assertThat(c.steps()).isEqualTo(100);
            seen.add(c.rhythm().replaceFirst("seed \\d+: ", ""));
        }
        assertThat(seen).as("distinct rhythms over 40 seeds").hasSizeGreaterThan(30);
    }

    /** Slot churn and default-stream steps run clean on both designs and really change slots. */
    @Test
    void churnAndDefaultStreamStepsRunClean() {
        for (DesignSet d : DesignSet.both()) {
            SimDevice dev = new SimDevice();
            MpsRuntime rt = MpsRuntime.create(d, dev);
            WorkloadConfig cfg = WorkloadConfig.defaults(3).withSteps(120).withChurnEvery(10).withDefaultEvery(3)
                    .withFlushEvery(4).withGpuNanos(20_000);
            OpLog log = new OpLog();
            WorkloadResult r = InferenceWorkload.run(rt, cfg, log);
            List<String> closing = RunChecks.closeAndCheck(rt);
            assertThat(r.violationTexts()).as(d.name()).isEmpty();
            assertThat(r.leaks()).as(d.name()).isEmpty();
            assertThat(closing).as(d.name()).isEmpty();
            long[] commits = r.commits();
            assertThat(commits[0] + commits[1]).isGreaterThan(0);
            assertThat(countAcquires(log)).as("acquires: one at start, one per churn").isEqualTo(3L * (1 + 120 / 10));
        }
    }

    private static long countAcquires(OpLog log) {
        return log.events().stream().filter(e -> e.fn() == OpLog.Fn.ACQUIRE && e.type() == OpLog.OK).count();
    }
}
