package org.mpsharness.stress.once;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.model.mutants.CasPublishOncePerSlot;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Family (b), exactly-once creation: two threads race {@code get(0)} on the seeded bug {@code CasPublishOncePerSlot};
 * the factory counts its runs. Forbidden: two runs (a second native queue, invariant 6), or two different values for
 * one slot.
 *
 * <p>Control: create, then CAS, discard the loser. Expected outcome: "1, 2" (same value, two factory runs).
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs):
 * caught in 4 of 4 runs; forbidden samples per run: 1,513,168 of 3,219,958 / 968,057 of 1,897,478 / 997,146 of
 * 2,087,162 / 957,229 of 1,906,023. Outcome table of the first run (the build's own check), all configurations:
 * <pre>
 *   RESULT       SAMPLES  EXPECT
 *   1, 1       1,706,790  Acceptable
 *   1, 2       1,513,168  Forbidden
 * </pre>
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "one factory run, both callers hold its value")
@Outcome(expect = FORBIDDEN, desc = "factory ran twice (r2 = 2), or the callers hold different values (r1 = 0)")
@State
public class BrokenCasPublishOnceExactlyOnce extends ExactlyOnceState {
    public BrokenCasPublishOnceExactlyOnce() {
        super(CasPublishOncePerSlot::new);
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
