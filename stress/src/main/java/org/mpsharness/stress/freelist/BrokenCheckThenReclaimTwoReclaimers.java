package org.mpsharness.stress.freelist;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.model.mutants.CheckThenReclaimFreelist;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Control of {@link CorrectHomeSlotTwoReclaimers}: the seeded {@code CheckThenReclaimFreelist} reads the dead owner in
 * the slot's word and then stores "free" without a CAS, so both reclaimers can pass the check before either stores.
 * Same outcomes as the correct test; the control is caught when the forbidden "1, 1, 31" shows (the stress module's
 * build fails when it does not).
 */
@JCStressTest
@Outcome(id = {"1, 0, 31", "0, 1, 31"}, expect = ACCEPTABLE, desc = "exactly one reclaimer freed the slot")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "the bug: both reclaimers freed the slot")
@Outcome(expect = FORBIDDEN, desc = "an exception (-9), or the free count / owner wrong afterwards (r3 != 31)")
@State
public class BrokenCheckThenReclaimTwoReclaimers {
    private final SlotFreelist fl = new CheckThenReclaimFreelist();
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
