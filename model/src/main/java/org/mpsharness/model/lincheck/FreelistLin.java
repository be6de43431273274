package org.mpsharness.model.lincheck;

import java.util.ArrayDeque;
import java.util.function.Supplier;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.mpsharness.core.pool.BitmaskFreelist;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotFreelist;

/**
 * Lincheck subject for improvement 5 (the slot freelist), with {@link FreelistSpec} as its deterministic sequential
 * specification. Which slot an acquire returns is legitimately "any free slot", so the operations project it away:
 * each logical thread remembers the slots it holds, and the observable results are success, release outcomes and the
 * free count. 29 of the 31 slots are held by a foreign owner from the start, so that exhaustion happens in small
 * scenarios and releasing a foreign slot can be tried.
 */
public class FreelistLin {
    // fields are package-private for FreelistWaitLin
    /** The design under test; set before running Lincheck on this class. */
    public static volatile Supplier<SlotFreelist> factory = BitmaskFreelist::new;
    static final int PRE_HELD = 29;
    static final int THREADS = 4;

    final SlotFreelist fl = factory.get();
    final Thread[] owners = new Thread[THREADS];
    private final Thread foreign = new Thread("foreign-owner");
    @SuppressWarnings("unchecked")
    final ArrayDeque<Integer>[] held = new ArrayDeque[THREADS];
    private final int[] lastReleased = new int[THREADS];
    private final int foreignSlot;

    public FreelistLin() {
        int s = -1;
        for (int i = 0; i < PRE_HELD; i++) {
            s = fl.tryAcquire(foreign);
        }
        foreignSlot = s;
        for (int t = 0; t < THREADS; t++) {
            owners[t] = new Thread("lincheck-owner-" + t);
            held[t] = new ArrayDeque<>();
        }
    }

    /**
     * One thread releases its slot while another acquires and releases: the slot just freed is the lowest free one, so
     * the second thread takes it; the first thread's release must not touch it any more.
     */
    public static org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario releaseReacquire() {
        return LincheckRunner.scenario(FreelistLin.class,
                java.util.List.<Object[]>of(new Object[] {"acquire", 0}),
                java.util.List.of(java.util.List.<Object[]>of(new Object[] {"release", 0}),
                        java.util.List.<Object[]>of(new Object[] {"acquire", 1}, new Object[] {"release", 1})));
    }

    /** acquireSlot without waiting: true when a slot was obtained. */
    @Operation
    public boolean acquire(@Param(gen = ThreadIdGen.class) int tid) {
        int s = fl.tryAcquire(owners[tid]);
        if (s > 0) {
            held[tid].push(s);
        }
        return s > 0;
    }

    /** The owner releases its most recent slot: the outcome, or -1 when it holds none. */
    @Operation
    public int release(@Param(gen = ThreadIdGen.class) int tid) {
        Integer s = held[tid].poll();
        if (s == null) {
            return -1;
        }
        lastReleased[tid] = s;
        return fl.release(s, owners[tid]).ordinal();
    }

    /** Releasing a slot someone else owns must change nothing. */
    @Operation
    public int releaseForeign(@Param(gen = ThreadIdGen.class) int tid) {
        return fl.release(foreignSlot, owners[tid]).ordinal();
    }

    /** Releasing again the slot this thread last released: 1 if that (wrongly) released something. */
    @Operation
    public int releaseAgain(@Param(gen = ThreadIdGen.class) int tid) {
        if (lastReleased[tid] == 0) {
            return 0;
        }
        return fl.release(lastReleased[tid], owners[tid]) == ReleaseOutcome.RELEASED ? 1 : 0;
    }

    @Operation
    public int freeCount() {
        return fl.freeCount();
    }
}
