package org.mpsharness.model.lincheck;

import java.util.Arrays;
import org.mpsharness.core.pool.ReleaseOutcome;

/**
 * Sequential specification of {@link StreamPoolLin}: an acquire takes a free slot, else the dead owner's (reclaimed),
 * else ends as configured; releases by the owner free, any other release changes nothing; shared streams and
 * getStream always behave.
 */
public class StreamPoolSpec {
    private int free;
    private boolean deadHolds;
    private final int exhausted;
    private final boolean[] held = new boolean[StreamPoolLin.IDS];

    public StreamPoolSpec() {
        this(31 - StreamPoolLin.FOREIGN_HELD - 1, true, StreamPoolLin.EXHAUSTED_ERROR);
    }

    StreamPoolSpec(int free, boolean deadHolds, int exhausted) {
        this.free = free;
        this.deadHolds = deadHolds;
        this.exhausted = exhausted;
    }

    /** The specification of {@link StreamPoolLin.DefaultStream}: exhausted acquires get the default stream. */
    public static class DefaultStream extends StreamPoolSpec {
        public DefaultStream() {
            super(31 - StreamPoolLin.FOREIGN_HELD - 1, true, StreamPoolLin.EXHAUSTED_DEFAULT);
        }
    }

    public int acquire(int tid) {
        if (held[tid]) {
            return 0;
        }
        if (free > 0) {
            free--;
        } else if (deadHolds) {
            deadHolds = false; // reclaimed by the acquire that found no free slot
        } else {
            return exhausted;
        }
        held[tid] = true;
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

    public int shareStream(int tid) {
        return 1;
    }

    public int foreignPoolStream(int tid) {
        return 1;
    }

    public int streamIndex(int i) {
        return 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamPoolSpec && ((StreamPoolSpec) o).free == free
                && ((StreamPoolSpec) o).deadHolds == deadHolds && Arrays.equals(((StreamPoolSpec) o).held, held);
    }

    @Override
    public int hashCode() {
        return (free * 31 + Arrays.hashCode(held)) * 2 + (deadHolds ? 1 : 0);
    }
}
