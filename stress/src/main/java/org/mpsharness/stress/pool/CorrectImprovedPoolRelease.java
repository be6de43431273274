package org.mpsharness.stress.pool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.pool.ImprovedStreamPool;
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
 * Family (d) at pool level, releases by a non-owner racing the owner's acquire: thread A acquires a slot of a fresh
 * improved {@code ImprovedStreamPool} while thread B releases every worker slot, 1 to 31 — so whichever slot the
 * freelist gives A, B releases it before, during or after A's acquire. B owns none, so every release must change
 * nothing (ALREADY_FREE or NOT_OWNER), and A must still own its slot afterwards (invariant 8: release only by the
 * owner).
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "every release of B refused; A owns its slot, 30 free")
@Outcome(id = "1, [1-9][0-9]*, .*", expect = FORBIDDEN, desc = "B released slots it never owned")
@Outcome(expect = FORBIDDEN, desc = "an exception (-9), or A lost its slot")
@State
public class CorrectImprovedPoolRelease {
    private final StreamPool pool = new ImprovedStreamPool(Fixtures.manualDevice(), new AdaptiveCommitGate(),
            Fixtures.noWaitPool());
    private int slotA;

    @Actor
    public void owner(III_Result r) {
        slotA = PoolProbes.acquire(pool);
        r.r1 = slotA > 0 ? 1 : slotA;
    }

    @Actor
    public void stranger(III_Result r) {
        r.r2 = PoolProbes.releaseEverySlot(pool);
    }

    @Arbiter
    public void check(III_Result r) {
        r.r3 = slotA > 0 && pool.ownerOf(slotA) != null && pool.freeSlots() == 30 ? 1 : 0;
    }
}
