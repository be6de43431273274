package org.mpsharness.stress.freelist;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.pool.BitmaskFreelist;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Family (c), two acquires get distinct slots: two threads call {@code tryAcquire} on a fresh improved {@code
 * BitmaskFreelist}. The arbiter checks the owner table and the free count against the slots handed out (invariant 8,
 * MutualExclusion and PoolIntegrity).
 *
 * <p>Justifies: the CAS on the mask (C++: {@code compare_exchange_weak(..., memory_order_acq_rel)}) and the owner
 * entry set after it.
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs), all
 * configurations, no forbidden outcome:
 * <pre>
 *   RESULT        SAMPLES  EXPECT
 *   1, 2, 1     2,927,384  Acceptable
 *   2, 1, 1     2,231,626  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = {"1, 2, 1", "2, 1, 1"}, expect = ACCEPTABLE, desc = "slots 1 and 2, each owned by its acquirer, 29 free")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both acquirers got slot 1: two owners of one stream")
@Outcome(expect = FORBIDDEN, desc = "owner table or free count inconsistent with the slots handed out")
@State
public class CorrectBitmaskFreelistDistinctSlots {
    private final SlotFreelist fl = new BitmaskFreelist();

    @Actor
    public void a(III_Result r) {
        r.r1 = fl.tryAcquire(Fixtures.OWNER_A);
    }

    @Actor
    public void b(III_Result r) {
        r.r2 = fl.tryAcquire(Fixtures.OWNER_B);
    }

    @Arbiter
    public void check(III_Result r) {
        boolean ok = r.r1 > 0 && r.r2 > 0 && fl.ownerOf(r.r1) == Fixtures.OWNER_A && fl.ownerOf(r.r2) == Fixtures.OWNER_B
                && fl.freeCount() == SlotFreelist.WORKER_SLOTS - 2;
        r.r3 = ok ? 1 : 0;
    }
}
