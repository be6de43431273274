package org.mpsharness.stress.pool;

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
}
