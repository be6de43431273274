package org.mpsharness.model.lincheck;

import java.util.Arrays;
import org.mpsharness.core.pool.ReleaseOutcome;

/**
 * Deterministic sequential specification of {@link FreelistLin}: counts only. An acquire succeeds exactly when a slot
 * is free; an owner's release frees one; releasing a foreign slot or releasing twice changes nothing; a dead owner's
 * slot is freed once, by whichever of its reclaim and its thread-exit release comes first.
 */
public class FreelistSpec {
    private static final int FREE_AT_START = 31 - FreelistLin.PRE_HELD - FreelistLin.DEAD;
    private int free = FREE_AT_START;
    private final int[] held = new int[FreelistLin.IDS];
    private final boolean[] deadHolds = new boolean[FreelistLin.DEAD];

    public FreelistSpec() {
        this(false);
    }

    FreelistSpec(boolean full) {
        Arrays.fill(deadHolds, true);
        if (full) {
            held[0] = free;
            free = 0;
        }
    }

    /** The specification of {@link FreelistLin.Full}: every slot taken at the start, two by logical thread 0. */
    public static class Full extends FreelistSpec {
        public Full() {
            super(true);
        }
    }

    public boolean acquire(int tid) {
        if (free == 0) {
            return false;
        }
        free--;
        held[tid]++;
        return true;
    }

    /** A waiting acquire that returns was served: in a sequential order it follows a release. */
    public boolean acquireWaiting(int tid) {
        return acquire(tid);
    }

    public int release(int tid) {
        if (held[tid] == 0) {
            return -1;
        }
        held[tid]--;
        free++;
        return ReleaseOutcome.RELEASED.ordinal();
    }

    public int releaseForeign(int tid) {
        return ReleaseOutcome.NOT_OWNER.ordinal();
    }

    public int releaseAgain(int tid) {
        return 0;
    }

    public int reclaim(int d) {
        return freeDead(d);
    }

    public int exitRelease(int d) {
        return freeDead(d);
    }

    private int freeDead(int d) {
        if (!deadHolds[d]) {
            return 0;
        }
        deadHolds[d] = false;
        free++;
        return 1;
    }

    public int freeCount() {
        return free;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FreelistSpec && ((FreelistSpec) o).free == free
                && Arrays.equals(((FreelistSpec) o).held, held) && Arrays.equals(((FreelistSpec) o).deadHolds, deadHolds);
    }

    @Override
    public int hashCode() {
        return (free * 31 + Arrays.hashCode(held)) * 31 + Arrays.hashCode(deadHolds);
    }
}
