package org.mpsharness.stress.freelist;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.model.mutants.SplitReleaseMutexFreelist;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Family (d), double release: slot 1 of a seeded bug {@code SplitReleaseMutexFreelist} is owned by A; A's explicit
 * release races the reclaim of A as a dead owner (the thread-exit path). Exactly one of them may succeed, and the slot
 * must end up free exactly once (invariant 8: release only once; NoDoubleRelease).
 *
 * <p>Control: the mutex freelist with check and free in two critical sections. Expected outcome: "1, 1, 32".
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs):
 * caught in 4 of 4 runs; forbidden samples per run: 50,439 of 4,020,262 / 30,398 of 1,397,730 / 54,487 of 3,498,022 /
 * 15,664 of 1,926,211. Outcome table of the first run (the build's own check), all configurations:
 * <pre>
 *   RESULT         SAMPLES  EXPECT
 *   0, 1, 31     2,111,127  Acceptable
 *   1, 0, 31     1,858,696  Acceptable
 *   1, 1, 32        50,439  Forbidden
 * </pre>
 */
@JCStressTest
@Outcome(id = {"1, 0, 31", "0, 1, 31"}, expect = ACCEPTABLE, desc = "exactly one of release/reclaim freed the slot")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both release and reclaim freed the slot: a double release")
@Outcome(expect = FORBIDDEN, desc = "an exception (-9, corrupted freelist), or free count / owner wrong (r3 != 31)")
@State
public class BrokenSplitReleaseFreelistReleaseRace {
    private final SlotFreelist fl = new SplitReleaseMutexFreelist();

    public BrokenSplitReleaseFreelistReleaseRace() {
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
