package org.mpsharness.stress.pool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.pool.BaselineStreamPool;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Family (c) at pool level: two threads call {@code acquireSlot} on a fresh baseline {@code BaselineStreamPool}. They
 * must get different worker slots, each owned by its caller, with both streams counted active by the commit gate
 * (invariant 8).
 *
 * <p>State cost: a simulated device (MANUAL mode, no threads) and a pool per test instance (a few dozen small objects;
 * streams are created only when a test asks for them).
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs), all
 * configurations, no forbidden outcome:
 * <pre>
 *   RESULT        SAMPLES  EXPECT
 *   1, 2, 1       915,845  Acceptable
 *   2, 1, 1       262,773  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = {"1, 2, 1", "2, 1, 1"}, expect = ACCEPTABLE, desc = "distinct slots, distinct owners, 29 free, 2 active")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both threads got slot 1: two threads bound to one stream")
@Outcome(expect = FORBIDDEN, desc = "an exception (-9), or owners / free count / active streams inconsistent")
@State
public class CorrectBaselinePoolDistinctSlots {
    private final StreamPool pool = new BaselineStreamPool(Fixtures.manualDevice(), new AdaptiveCommitGate(),
            Fixtures.noWaitPool());

    @Actor
    public void a(III_Result r) {
        r.r1 = acquire();
    }

    @Actor
    public void b(III_Result r) {
        r.r2 = acquire();
    }

    private int acquire() {
        try {
            return pool.acquireSlot();
        } catch (RuntimeException e) {
            return Fixtures.EXCEPTION;
        }
    }

    @Arbiter
    public void check(III_Result r) {
        boolean ok = r.r1 > 0 && r.r2 > 0 && pool.ownerOf(r.r1) != null && pool.ownerOf(r.r2) != null
                && pool.ownerOf(r.r1) != pool.ownerOf(r.r2) && pool.freeSlots() == 29
                && pool.gate().activeStreams() == 2;
        r.r3 = ok ? 1 : 0;
    }
}
