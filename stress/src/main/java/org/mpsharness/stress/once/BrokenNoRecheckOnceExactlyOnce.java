package org.mpsharness.stress.once;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.model.mutants.NoRecheckOncePerSlot;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Family (b), exactly-once creation: two threads race {@code get(0)} on the seeded bug {@code NoRecheckOncePerSlot};
 * the factory counts its runs. Forbidden: two runs (a second native queue, invariant 6), or two different values for
 * one slot.
 *
 * <p>Control: double-checked creation without the re-check. Expected outcome: "0, 2".
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs):
 * caught in 4 of 4 runs; forbidden samples per run: 363,097 of 3,493,628 / 122,531 of 1,126,724 / 365,432 of 5,505,062
 * / 48,731 of 772,617. Outcome table of the first run (the build's own check), all configurations:
 * <pre>
 *   RESULT       SAMPLES  EXPECT
 *   0, 2         363,097  Forbidden
 *   1, 1       3,130,531  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "one factory run, both callers hold its value")
@Outcome(expect = FORBIDDEN, desc = "factory ran twice (r2 = 2), or the callers hold different values (r1 = 0)")
@State
public class BrokenNoRecheckOnceExactlyOnce extends ExactlyOnceState {
    public BrokenNoRecheckOnceExactlyOnce() {
        super(NoRecheckOncePerSlot::new);
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
