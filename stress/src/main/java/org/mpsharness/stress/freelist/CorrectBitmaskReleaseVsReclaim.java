package org.mpsharness.stress.freelist;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.pool.BitmaskFreelist;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Family (d), double release: slot 1 of an improved {@code BitmaskFreelist} is owned by A; A's explicit release races
 * the reclaim of A as a dead owner (the thread-exit path). Exactly one of them may succeed, and the slot must end up
 * free exactly once (invariant 8: release only once; NoDoubleRelease).
 *
 * <p>Justifies: both paths CAS the owner entry (C++: {@code compare_exchange_strong}, acq_rel): exactly one wins.
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs), all
 * configurations, no forbidden outcome:
 * <pre>
 *   RESULT         SAMPLES  EXPECT
 *   0, 1, 31     3,318,722  Acceptable
 *   1, 0, 31     3,252,553  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = {"1, 0, 31", "0, 1, 31"}, expect = ACCEPTABLE, desc = "exactly one of release/reclaim freed the slot")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both release and reclaim freed the slot: a double release")
@Outcome(expect = FORBIDDEN, desc = "an exception (-9, corrupted freelist), or free count / owner wrong (r3 != 31)")
@State
public class CorrectBitmaskReleaseVsReclaim {
    private final SlotFreelist fl = new BitmaskFreelist();

    public CorrectBitmaskReleaseVsReclaim() {
        fl.tryAcquire(Fixtures.OWNER_A); // slot 1
    }

    @Actor
    public void release(III_Result r) {
        try {
            r.r1 = fl.release(1, Fixtures.OWNER_A) == ReleaseOutcome.RELEASED ? 1 : 0;
        } catch (RuntimeException e) {
            r.r1 = Fixtures.EXCEPTION;
        }
    }

    @Actor
    public void reclaim(III_Result r) {
        try {
            r.r2 = fl.reclaim(1, Fixtures.OWNER_A) ? 1 : 0;
        } catch (RuntimeException e) {
            r.r2 = Fixtures.EXCEPTION;
        }
    }

    @Arbiter
    public void check(III_Result r) {
        r.r3 = fl.ownerOf(1) == null ? fl.freeCount() : -1;
    }
}
