package org.mpsharness.stress.freelist;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.pool.HomeSlotFreelist;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Family (d), double reclaim: a dead owner's slot of the improved {@code HomeSlotFreelist} is reclaimed by two threads
 * at once (two acquires that found no free slot, each scanning for dead owners). Exactly one may free it, and the slot
 * ends free exactly once (invariant 8: a dead owner's slot reclaimed exactly once).
 *
 * <p>Justifies: the reclaim is one CAS of the slot's word from "owned by the dead owner" to "free, next generation"
 * (C++: {@code compare_exchange_strong}, seq_cst): the loser's CAS fails on the new word.
 */
@JCStressTest
@Outcome(id = {"1, 0, 31", "0, 1, 31"}, expect = ACCEPTABLE, desc = "exactly one reclaimer freed the slot")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both reclaimers freed the slot: a double reclaim")
@Outcome(expect = FORBIDDEN, desc = "an exception (-9), or the free count / owner wrong afterwards (r3 != 31)")
@State
public class CorrectHomeSlotTwoReclaimers {
    private final SlotFreelist fl = new HomeSlotFreelist();
    private final int slot = fl.tryAcquire(Fixtures.OWNER_A);

    @Actor
    public void reclaimer1(III_Result r) {
        r.r1 = ReclaimRace.reclaim(fl, slot);
    }

    @Actor
    public void reclaimer2(III_Result r) {
        r.r2 = ReclaimRace.reclaim(fl, slot);
    }

    @Arbiter
    public void check(III_Result r) {
        r.r3 = fl.ownerOf(slot) == null ? fl.freeCount() : -1;
    }
}
