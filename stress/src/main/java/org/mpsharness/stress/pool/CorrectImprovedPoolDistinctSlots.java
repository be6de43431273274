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
 * Family (c) at pool level: two threads call {@code acquireSlot} on a fresh improved {@code ImprovedStreamPool}. They
 * must get different worker slots, each owned by its caller, with both streams counted active by the commit gate
 * (invariant 8). Which slots they get is the freelist's choice (the bitmask hands out the lowest, the home-slot
 * freelist each thread's home), so the results say "got a slot" and the arbiter compares them.
 *
 * <p>State cost: a simulated device (MANUAL mode, no threads) and a pool per test instance (a few dozen small objects;
 * streams are created only when a test asks for them).
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "distinct slots, distinct owners, 29 free, 2 active")
@Outcome(id = "1, 1, 2", expect = FORBIDDEN, desc = "both threads got the same slot: two threads bound to one stream")
@Outcome(expect = FORBIDDEN, desc = "an exception (-9), no slot, or owners / free count / active streams inconsistent")
@State
public class CorrectImprovedPoolDistinctSlots {
    private final StreamPool pool = new ImprovedStreamPool(Fixtures.manualDevice(), new AdaptiveCommitGate(),
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
