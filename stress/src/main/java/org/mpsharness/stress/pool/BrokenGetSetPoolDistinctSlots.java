package org.mpsharness.stress.pool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.model.mutants.GetSetFreelistStreamPool;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Control of {@link CorrectImprovedPoolDistinctSlots}: two threads call {@code acquireSlot} on the seeded
 * {@code GetSetFreelistStreamPool} (the freelist's CAS split into a get and a set), so both can take the same slot.
 * Same outcomes as the correct test; the control is caught when the forbidden "1, 1, 2" shows.
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "distinct slots, distinct owners, 29 free, 2 active")
@Outcome(id = "1, 1, 2", expect = FORBIDDEN, desc = "both threads got the same slot: two threads bound to one stream")
@Outcome(expect = FORBIDDEN, desc = "an exception (-9), no slot, or owners / free count / active streams inconsistent")
@State
public class BrokenGetSetPoolDistinctSlots {
    private final StreamPool pool = new GetSetFreelistStreamPool(Fixtures.manualDevice(), new AdaptiveCommitGate(),
            Fixtures.noWaitPool());
    private int slotA;
    private int slotB;

    @Actor
    public void a(III_Result r) {
        slotA = PoolProbes.acquire(pool);
        r.r1 = slotA > 0 ? 1 : slotA;
    }

    @Actor
    public void b(III_Result r) {
        slotB = PoolProbes.acquire(pool);
        r.r2 = slotB > 0 ? 1 : slotB;
    }

    @Arbiter
    public void check(III_Result r) {
        r.r3 = PoolProbes.distinctSlots(pool, slotA, slotB);
    }
}
