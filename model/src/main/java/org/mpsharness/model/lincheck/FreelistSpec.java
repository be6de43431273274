package org.mpsharness.model.lincheck;

import java.util.Arrays;
import org.mpsharness.core.pool.ReleaseOutcome;

/**
 * Deterministic sequential specification of {@link FreelistLin}: counts only. An acquire succeeds exactly when a slot
 * is free; an owner's release frees one; releasing a foreign slot or releasing twice changes nothing.
 */
public class FreelistSpec {
    private int free = 31 - FreelistLin.PRE_HELD;
    private final int[] held = new int[FreelistLin.THREADS];

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

    public int freeCount() {
        return free;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FreelistSpec && ((FreelistSpec) o).free == free
                && Arrays.equals(((FreelistSpec) o).held, held);
    }

    @Override
    public int hashCode() {
        return free * 31 + Arrays.hashCode(held);
    }
}
