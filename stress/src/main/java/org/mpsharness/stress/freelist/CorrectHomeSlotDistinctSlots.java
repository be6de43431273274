package org.mpsharness.stress.freelist;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.pool.HomeSlotFreelist;
import org.mpsharness.core.pool.SlotFreelist;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Family (c), two acquires get distinct slots, on the alternative {@code HomeSlotFreelist}, with two owners whose
 * home slots are the same (thread ids equal modulo 31), so that both CAS the same cell first. Results are slots
 * relative to that home: one must get it (0) and the other the next one (1).
 *
 * <p>Justifies: the CAS free-lease&rarr;own-lease on one cell (C++: {@code compare_exchange_strong}, seq_cst): one
 * winner; the loser re-reads the cell and moves on.
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs),
 * 175,159 samples, no forbidden outcome; "0, 1, 1" and "1, 0, 1" each 41 % to 59 % per JVM.
 */
@JCStressTest
@Outcome(id = {"0, 1, 1", "1, 0, 1"}, expect = ACCEPTABLE, desc = "one got the shared home slot, the other the next")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "both got the home slot: two owners of one stream")
@Outcome(expect = FORBIDDEN, desc = "owner table or free count inconsistent with the slots handed out")
@State
public class CorrectHomeSlotDistinctSlots {
    /** Two never-started threads whose ids are equal modulo 31: the same home slot. */
    static final Thread SAME_HOME_A;
    static final Thread SAME_HOME_B;
    static final int HOME;

    static {
        Thread a = new Thread(() -> { }, "same-home-A");
        Thread b;
        do {
            b = new Thread(() -> { }, "same-home-B");
        } while ((b.getId() - a.getId()) % SlotFreelist.WORKER_SLOTS != 0);
        SAME_HOME_A = a;
        SAME_HOME_B = b;
        HOME = 1 + (int) (a.getId() % SlotFreelist.WORKER_SLOTS);
    }

    private final SlotFreelist fl = new HomeSlotFreelist();
    private int slotA;
    private int slotB;

    private static int relative(int slot) {
        return slot < 0 ? slot : (slot - HOME + SlotFreelist.WORKER_SLOTS) % SlotFreelist.WORKER_SLOTS;
    }

    @Actor
    public void a(III_Result r) {
        slotA = fl.tryAcquire(SAME_HOME_A);
        r.r1 = relative(slotA);
    }

    @Actor
    public void b(III_Result r) {
        slotB = fl.tryAcquire(SAME_HOME_B);
        r.r2 = relative(slotB);
    }

    @Arbiter
    public void check(III_Result r) {
        boolean ok = slotA > 0 && slotB > 0 && fl.ownerOf(slotA) == SAME_HOME_A && fl.ownerOf(slotB) == SAME_HOME_B
                && fl.freeCount() == SlotFreelist.WORKER_SLOTS - 2;
        r.r3 = ok ? 1 : 0;
    }
}
