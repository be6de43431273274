package org.mpsharness.stress.once;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.model.mutants.UnlockedOncePerSlot;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Family (b), exactly-once creation: two threads race {@code get(0)} on the seeded bug {@code UnlockedOncePerSlot}; the
 * factory counts its runs. Forbidden: two runs (a second native queue, invariant 6), or two different values for one
 * slot.
 *
 * <p>Control: no lock around check, create, store. Expected outcome: "0, 2" (and "1, 2").
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs):
 * caught in 4 of 4 runs; forbidden samples per run: 1,549,425 of 3,200,002 / 764,143 of 1,841,787 / 2,665,784 of
 * 4,500,338 / 894,682 of 2,279,024. Outcome table of the first run (the build's own check), all configurations:
 * <pre>
 *   RESULT       SAMPLES  EXPECT
 *   0, 2       1,549,425  Forbidden
 *   1, 1       1,650,577  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "one factory run, both callers hold its value")
@Outcome(expect = FORBIDDEN, desc = "factory ran twice (r2 = 2), or the callers hold different values (r1 = 0)")
@State
public class BrokenUnlockedOnceExactlyOnce extends ExactlyOnceState {
    public BrokenUnlockedOnceExactlyOnce() {
        super(UnlockedOncePerSlot::new);
    }

    @Actor
    public void first() {
        v1 = once.get(0);
    }

    @Actor
    public void second() {
        v2 = once.get(0);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = same();
        r.r2 = runs.get();
    }
}
