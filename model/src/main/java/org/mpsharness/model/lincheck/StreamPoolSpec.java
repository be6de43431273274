package org.mpsharness.model.lincheck;

import java.util.Arrays;
import org.mpsharness.core.pool.ReleaseOutcome;

/** Sequential specification of {@link StreamPoolLin}. */
public class StreamPoolSpec {
    private int free = 30;
    private final boolean[] held = new boolean[StreamPoolLin.THREADS];

    public int acquire(int tid) {
        if (held[tid]) {
            return 0;
        }
        held[tid] = true;
        free--;
        return 1;
    }

    public int release(int tid) {
        if (!held[tid]) {
            return -1;
        }
        held[tid] = false;
        free++;
        return ReleaseOutcome.RELEASED.ordinal();
    }

    public int releaseForeign(int tid) {
        return ReleaseOutcome.NOT_OWNER.ordinal();
    }

    public int streamIndex(int i) {
        return 1;
    }

    public int freeSlots() {
        return free;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamPoolSpec && ((StreamPoolSpec) o).free == free
                && Arrays.equals(((StreamPoolSpec) o).held, held);
    }

    @Override
    public int hashCode() {
        return free * 31 + Arrays.hashCode(held);
    }
}
