package org.mpsharness.stress.once;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.once.OncePerSlot;
import org.mpsharness.model.mutants.FlagFirstOncePerSlot;
import org.mpsharness.stress.support.Probe;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Family (a), publication through the fast path: two threads call {@code get(0)} of the seeded bug {@code
 * FlagFirstOncePerSlot}; whichever comes second usually takes the lock-free fast path and reads the value the other one
 * published. The value is a {@link org.mpsharness.stress.support.Probe} with non-final fields, so nothing but the
 * once-component's own ordering makes the constructor's writes visible.
 *
 * <p>Control: the once-flag is released before the value is stored, so the fast path can return no value.
 * Expected outcome: "1, -1" / "-1, 1" (a get returned null). Observed rates: docs/memory-model.md.
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs):
 * caught in 4 of 4 runs; forbidden samples per run: 17,411 of 3,657,236 / 1,562 of 410,825 / 9,198 of 1,992,143 /
 * 29,579 of 4,082,052. Outcome table of the first run (the build's own check), all configurations:
 * <pre>
 *   RESULT       SAMPLES  EXPECT
 *   -1, 1          8,663  Forbidden
 *   1, -1          8,748  Forbidden
 *   1, 1       3,639,825  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both callers hold the fully built value")
@Outcome(id = {"0, .*", ".*, 0"}, expect = FORBIDDEN, desc = "a caller saw the value half-built (a constructor write missing)")
@Outcome(expect = FORBIDDEN, desc = "a caller got no value at all (-1) from get")
@State
public class BrokenFlagFirstOncePublication {
    private final OncePerSlot<Probe> once = new FlagFirstOncePerSlot<>(1, Probe::new);

    @Actor
    public void first(II_Result r) {
        r.r1 = Probe.seen(once.get(0));
    }

    @Actor
    public void second(II_Result r) {
        r.r2 = Probe.seen(once.get(0));
    }
}
