package org.mpsharness.model.lincheck;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Supplier;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.mpsharness.core.pool.HomeSlotFreelist;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotFreelist;

/**
 * Lincheck subject for improvement 5 (the slot freelist), with {@link FreelistSpec} as its deterministic sequential
 * specification. Which slot an acquire returns is legitimately "any free slot", so the operations project it away:
 * each logical thread remembers the slots it holds, and the observable results are success, release outcomes,
 * reclaims and the free count.
 *
 * <p>The pool is nearly exhausted from the start, so that small scenarios exhaust it: a foreign (live) owner holds
 * {@value #PRE_HELD} slots, and {@value #DEAD} owners that have died hold one slot each (never-started threads: "the
 * owner is dead" is decided by the subject, deterministically, as the pool decides it by liveness), leaving two free.
 * A dead owner's slot comes back by {@link #reclaim} or by its thread-exit release ({@link #exitRelease}: the fork's
 * thread-local destructor), which race each other; exactly one may free it.
 */
public class FreelistLin {
    // fields are package-private for FreelistWaitLin
    /** The design under test; set before running Lincheck on this class. */
    public static volatile Supplier<SlotFreelist> factory = HomeSlotFreelist::new;
    static final int PRE_HELD = 27;
    static final int DEAD = 2;
    /**
     * Logical thread ids: {@link ThreadIdGen} gives 0 to the init part, 1..t to the t parallel threads and t+1 to the
     * post part; room for t up to 4.
     */
    static final int IDS = 6;

    final SlotFreelist fl = factory.get();
    final Thread[] owners = new Thread[IDS];
    @SuppressWarnings("unchecked")
    final ArrayDeque<Integer>[] held = new ArrayDeque[IDS];
    private final int[] lastReleased = new int[IDS];
    private final Thread foreign = new Thread("foreign-owner");
    private final int foreignSlot;
    private final Thread[] dead = new Thread[DEAD];
    private final int[] deadSlot = new int[DEAD];

    public FreelistLin() {
        this(false);
    }

    /** With {@code full}, logical thread 0 then takes the free slots too: every slot is taken at the start. */
    FreelistLin(boolean full) {
        int s = -1;
        for (int i = 0; i < PRE_HELD; i++) {
            s = fl.tryAcquire(foreign);
        }
        foreignSlot = s;
        for (int d = 0; d < DEAD; d++) {
            dead[d] = new Thread("dead-owner-" + d);
            deadSlot[d] = fl.tryAcquire(dead[d]);
        }
        for (int t = 0; t < IDS; t++) {
            owners[t] = new Thread("lincheck-owner-" + t);
            held[t] = new ArrayDeque<>();
        }
        while (full) {
            int t = fl.tryAcquire(owners[0]);
            if (t < 0) {
                break;
            }
            held[0].push(t);
        }
    }

    /**
     * The subject with every slot taken at the start (two by logical thread 0), so that hand-written scenarios start
     * exhausted without an init part: model checking explores thread switches in the init part's scans too, and the
     * interleavings that matter would drown among them.
     */
    public static class Full extends FreelistLin {
        public Full() {
            super(true);
        }
    }

    /**
     * One thread releases its slot while another acquires and releases: the slot just freed may be the one the second
     * thread takes; the first thread's release must not touch it any more.
     */
    public static ExecutionScenario releaseReacquire() {
        return LincheckRunner.scenario(Full.class, List.of(),
                List.of(List.<Object[]>of(new Object[] {"release", 0}, new Object[] {"releaseAgain", 0}),
                        List.<Object[]>of(new Object[] {"acquire", 2}, new Object[] {"release", 2})),
                List.<Object[]>of(new Object[] {"freeCount"}));
    }

    /**
     * Three threads: two reclaim the same dead owner's slot while the third takes the only slot that can be free (the
     * reclaimed one) and gives it back; exactly one reclaim may succeed, and a late one must not free the third
     * thread's slot.
     */
    public static ExecutionScenario doubleReclaim() {
        return LincheckRunner.scenario(Full.class, List.of(),
                List.of(List.<Object[]>of(new Object[] {"reclaim", 0}),
                        List.<Object[]>of(new Object[] {"reclaim", 0}),
                        List.<Object[]>of(new Object[] {"acquire", 3}, new Object[] {"release", 3})),
                List.<Object[]>of(new Object[] {"freeCount"}));
    }

    /** Three threads: a dead owner's thread-exit release, its reclaim, and a third thread taking what comes free. */
    public static ExecutionScenario exitReleaseVsReclaim() {
        return LincheckRunner.scenario(Full.class, List.of(),
                List.of(List.<Object[]>of(new Object[] {"exitRelease", 1}),
                        List.<Object[]>of(new Object[] {"reclaim", 1}),
                        List.<Object[]>of(new Object[] {"acquire", 3})),
                List.<Object[]>of(new Object[] {"freeCount"}));
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

    /** reclaimDeadOwners for one dead owner: 1 when this call freed its slot. */
    @Operation
    public int reclaim(@Param(gen = IntGen.class, conf = "0:1") int d) {
        return fl.reclaim(deadSlot[d], dead[d]) ? 1 : 0;
    }

    /** The dead owner's own thread-exit release (late): 1 when it freed the slot. */
    @Operation
    public int exitRelease(@Param(gen = IntGen.class, conf = "0:1") int d) {
        return fl.release(deadSlot[d], dead[d]) == ReleaseOutcome.RELEASED ? 1 : 0;
    }

    @Operation
    public int freeCount() {
        return fl.freeCount();
    }
}
