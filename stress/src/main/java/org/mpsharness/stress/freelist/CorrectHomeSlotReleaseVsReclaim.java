package org.mpsharness.stress.freelist;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.pool.HomeSlotFreelist;
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
 * Family (d), double release, on the improved {@code HomeSlotFreelist}: A's explicit release (its thread-exit path)
 * races the reclaim of A as a dead owner. Exactly one may succeed, and the slot ends free exactly once.
 *
 * <p>Justifies: release and reclaim CAS the same word (owned by A &rarr; free, next generation; C++
 * {@code compare_exchange_strong}, seq_cst): exactly one wins, the other sees the new word.
 */
@JCStressTest
@Outcome(id = {"1, 0, 31", "0, 1, 31"}, expect = ACCEPTABLE, desc = "exactly one of release/reclaim freed the slot")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both release and reclaim freed the slot: a double release")
@Outcome(expect = FORBIDDEN, desc = "an exception (-9), or free count / owner wrong (r3 != 31)")
@State
public class CorrectHomeSlotReleaseVsReclaim {
    private final SlotFreelist fl = new HomeSlotFreelist();
    private final int slot = fl.tryAcquire(Fixtures.OWNER_A);

    @Actor
    public void release(III_Result r) {
        try {
            r.r1 = fl.release(slot, Fixtures.OWNER_A) == ReleaseOutcome.RELEASED ? 1 : 0;
        } catch (RuntimeException e) {
            r.r1 = Fixtures.EXCEPTION;
        }
    }

    @Actor
    public void reclaim(III_Result r) {
        r.r2 = ReclaimRace.reclaim(fl, slot);
    }

    @Arbiter
    public void check(III_Result r) {
        r.r3 = fl.ownerOf(slot) == null ? fl.freeCount() : -1;
    }
}
