package org.mpsharness.stress.once;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.once.OncePerSlot;
import org.mpsharness.core.once.PerSlotOnce;
import org.mpsharness.stress.support.Probe;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Family (a), publication through the fast path: two threads call {@code get(0)} of the improved {@code PerSlotOnce};
 * whichever comes second usually takes the lock-free fast path and reads the value the other one published. The value
 * is a {@link org.mpsharness.stress.support.Probe} with non-final fields, so nothing but the once-component's own
 * ordering makes the constructor's writes visible.
 *
 * <p>Justifies: the fast path's acquire load pairing with the slow path's release store (C++: {@code
 * memory_order_acquire} / {@code memory_order_release} on {@code streams_[i]}).
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs), all
 * configurations, no forbidden outcome:
 * <pre>
 *   RESULT       SAMPLES  EXPECT
 *   1, 1         355,248  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both callers hold the fully built value")
@Outcome(id = {"0, .*", ".*, 0"}, expect = FORBIDDEN, desc = "a caller saw the value half-built (a constructor write missing)")
@Outcome(expect = FORBIDDEN, desc = "a caller got no value at all (-1) from get")
@State
public class CorrectPerSlotOncePublication {
    private final OncePerSlot<Probe> once = new PerSlotOnce<>(1, Probe::new);

    @Actor
    public void first(II_Result r) {
        r.r1 = Probe.seen(once.get(0));
    }

    @Actor
    public void second(II_Result r) {
        r.r2 = Probe.seen(once.get(0));
    }
}
