package org.mpsharness.stress.pool;

import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.stress.support.Fixtures;

/** Actor bodies shared by the pool tests; each returns a result code instead of throwing. */
final class PoolProbes {
    static final int NO_STREAM = -1;
    static final int REFUSED = -2;
    static final int WRONG_INDEX = -3;

    private PoolProbes() {
    }

    /** getStream(slot), check its stored index, make it current; the current slot, or a negative code. */
    static int makeCurrent(StreamPool pool, int slot) {
        try {
            MpsStream s = pool.getStream(slot);
            if (s == null) {
                return NO_STREAM;
            }
            if (s.index() != slot) {
                return WRONG_INDEX;
            }
            pool.setCurrentStream(s);
            return pool.currentSlot();
        } catch (IllegalArgumentException e) {
            return REFUSED;
        } catch (RuntimeException e) {
            return Fixtures.EXCEPTION;
        }
    }

    /** Makes {@code s} current twice (a thread switching back to it); the current slot after that, or a code. */
    static int setTwice(StreamPool pool, MpsStream s) {
        try {
            pool.setCurrentStream(s);
            pool.setCurrentStream(s);
            return pool.currentSlot();
        } catch (IllegalArgumentException e) {
            return REFUSED;
        } catch (RuntimeException e) {
            return Fixtures.EXCEPTION;
        }
    }

    /** acquireSlot: the slot, or -9 on an exception. */
    static int acquire(StreamPool pool) {
        try {
            return pool.acquireSlot();
        } catch (RuntimeException e) {
            return Fixtures.EXCEPTION;
        }
    }

    /** Arbiter of two acquires: 1 distinct and consistent, 2 the same slot twice, 0 anything else wrong. */
    static int distinctSlots(StreamPool pool, int a, int b) {
        if (a > 0 && a == b) {
            return 2;
        }
        boolean ok = a > 0 && b > 0 && pool.ownerOf(a) != null && pool.ownerOf(b) != null
                && pool.ownerOf(a) != pool.ownerOf(b) && pool.freeSlots() == 29 && pool.gate().activeStreams() == 2;
        return ok ? 1 : 0;
    }

    /** releaseStreamSlot of every worker slot by a thread that owns none: how many it released, or -9. */
    static int releaseEverySlot(StreamPool pool) {
        int released = 0;
        try {
            for (int s = 1; s < StreamPool.NUM_STREAMS; s++) {
                released += pool.releaseStreamSlot(s) == ReleaseOutcome.RELEASED ? 1 : 0;
            }
            return released;
        } catch (RuntimeException e) {
            return Fixtures.EXCEPTION;
        }
    }
}
