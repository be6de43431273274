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
 * Family (d) at pool level, release by a non-owner racing the owner's acquire: thread A acquires a slot (slot 1 on a
 * fresh baseline {@code BaselineStreamPool}) while thread B calls {@code releaseStreamSlot(1)}. B never owns slot 1, so
 * its release must change nothing (NOT_OWNER = 1 while A holds it, ALREADY_FREE = 2 before A took it) and A must still
 * own its slot afterwards (invariant 8: release only by the owner).
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs), all
 * configurations, no forbidden outcome:
 * <pre>
 *   RESULT        SAMPLES  EXPECT
 *   1, 1, 1       217,244  Acceptable
 *   1, 2, 1       950,095  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = {"1, 1, 1", "1, 2, 1"}, expect = ACCEPTABLE, desc = "B's release refused; A owns slot 1")
@Outcome(id = "1, 0, .*", expect = FORBIDDEN, desc = "B released A's slot (RELEASED = 0)")
@Outcome(expect = FORBIDDEN, desc = "an exception (-9), or A lost its slot")
@State
public class CorrectBaselinePoolRelease {
    private final StreamPool pool = new BaselineStreamPool(Fixtures.manualDevice(), new AdaptiveCommitGate(),
            Fixtures.noWaitPool());

    @Actor
    public void owner(III_Result r) {
        try {
            r.r1 = pool.acquireSlot();
        } catch (RuntimeException e) {
            r.r1 = Fixtures.EXCEPTION;
        }
    }

    @Actor
    public void stranger(III_Result r) {
        try {
            r.r2 = pool.releaseStreamSlot(1).ordinal();
        } catch (RuntimeException e) {
            r.r2 = Fixtures.EXCEPTION;
        }
    }

    @Arbiter
    public void check(III_Result r) {
        r.r3 = r.r1 > 0 && pool.ownerOf(r.r1) != null && pool.freeSlots() == 30 ? 1 : 0;
    }
}
