package org.mpsharness.stress.once;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.once.PerSlotOnce;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Family (b), exactly-once creation: two threads race {@code get(0)} on the improved {@code PerSlotOnce}; the factory
 * counts its runs. Forbidden: two runs (a second native queue, invariant 6), or two different values for one slot.
 *
 * <p>Justifies: the per-slot lock plus re-check (C++: {@code std::call_once} / a mutex per slot).
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs), all
 * configurations, no forbidden outcome:
 * <pre>
 *   RESULT       SAMPLES  EXPECT
 *   1, 1       1,998,847  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "one factory run, both callers hold its value")
@Outcome(expect = FORBIDDEN, desc = "factory ran twice (r2 = 2), or the callers hold different values (r1 = 0)")
@State
public class CorrectPerSlotOnceExactlyOnce extends ExactlyOnceState {
    public CorrectPerSlotOnceExactlyOnce() {
        super(PerSlotOnce::new);
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
