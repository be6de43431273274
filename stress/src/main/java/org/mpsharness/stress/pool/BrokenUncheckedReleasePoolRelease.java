package org.mpsharness.stress.pool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.model.mutants.UncheckedReleaseStreamPool;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Control of {@link CorrectImprovedPoolRelease}: the seeded {@code UncheckedReleaseStreamPool} (release without the
 * ownership check) lets B free A's slot, or corrupts its mask when B frees a free slot (an exception, -9). Same
 * outcomes as the correct test.
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "every release of B refused; A owns its slot, 30 free")
@Outcome(id = "1, [1-9][0-9]*, .*", expect = FORBIDDEN, desc = "B released slots it never owned")
@Outcome(expect = FORBIDDEN, desc = "an exception (-9), or A lost its slot")
@State
public class BrokenUncheckedReleasePoolRelease {
    private final StreamPool pool = new UncheckedReleaseStreamPool(Fixtures.manualDevice(), new AdaptiveCommitGate(),
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
