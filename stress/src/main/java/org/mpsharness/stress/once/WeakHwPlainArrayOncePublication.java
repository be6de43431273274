package org.mpsharness.stress.once;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.once.OncePerSlot;
import org.mpsharness.model.mutants.PlainArrayOncePerSlot;
import org.mpsharness.stress.support.Probe;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Family (a), publication through the fast path: two threads call {@code get(0)} of the seeded bug {@code
 * PlainArrayOncePerSlot}; whichever comes second usually takes the lock-free fast path and reads the value the other
 * one published. The value is a {@link org.mpsharness.stress.support.Probe} with non-final fields, so nothing but the
 * once-component's own ordering makes the constructor's writes visible.
 *
 * <p>Weak-hardware control (informational, not required to be caught): the acquire/release pair weakened to plain
 * accesses. The forbidden "0" (half-built) needs a machine or JIT that reorders the constructor's stores after the
 * publishing store, or the reader's loads before it; x86 (TSO) with HotSpot did not show it on the build machine, ARM
 * may. Kept so that a run on ARM reports it.
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24): not caught. Quick mode with jcstress's full JVM matrix
 * (28 JVMs: with and without biased locking, with and without -XX:+StressLCM -XX:+StressGCM -XX:+StressIGVN
 * -XX:+StressCCP, every interpreter/C1/C2 split of the two actors): "1, 1" in 103,827,988 samples; quick mode on the
 * reduced matrix: "1, 1" in 6,239,010 samples.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "both callers hold the fully built value")
@Outcome(id = {"0, .*", ".*, 0"}, expect = FORBIDDEN, desc = "a caller saw the value half-built (a constructor write missing)")
@Outcome(expect = FORBIDDEN, desc = "a caller got no value at all (-1) from get")
@State
public class WeakHwPlainArrayOncePublication {
    private final OncePerSlot<Probe> once = new PlainArrayOncePerSlot<>(1, Probe::new);

    @Actor
    public void first(II_Result r) {
        r.r1 = Probe.seen(once.get(0));
    }

    @Actor
    public void second(II_Result r) {
        r.r2 = Probe.seen(once.get(0));
    }
}
