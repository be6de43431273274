package org.mpsharness.model.lincheck;

import java.util.Arrays;

/**
 * Sequential specification of {@link AllocatorLin}: malloc returns the aligned size (the sizes are multiples of every
 * device's alignment; a larger block counts as the size asked for, a smaller one does not); the other operations return 0, or -1 when the thread holds no block; only how many blocks each
 * logical thread holds is state. Everything else the subject checks by its oracle and its validation.
 */
public class AllocatorSpec {
    private final int[] held = new int[AllocatorLin.THREADS];

    public AllocatorSpec() {
        this(true);
    }

    AllocatorSpec(boolean withEndedThread) {
        if (withEndedThread) {
            held[AllocatorLin.DEAD] = 1; // the block handed over by the thread that ended in the subject's constructor
        }
    }

    /** Specification of {@link AllocatorLin.WithoutEndedThread}. */
    public static class WithoutEndedThread extends AllocatorSpec {
        public WithoutEndedThread() {
            super(false);
        }
    }

    public long malloc(int tid, int k) {
        held[tid]++;
        return AllocatorLin.SIZES[k];
    }

    public int free(int tid) {
        if (held[tid] == 0) {
            return -1;
        }
        held[tid]--;
        return 0;
    }

    public int use(int tid) {
        return held[tid] == 0 ? -1 : 0;
    }

    public int give(int tid) {
        if (held[tid] == 0) {
            return -1;
        }
        held[tid]--;
        held[AllocatorLin.partner(tid)]++;
        return 0;
    }

    public int flush(int tid) {
        return 0;
    }

    public int emptyCache(int tid) {
        return 0;
    }

    public int stats(int tid) {
        return 0;
    }

    public int current(int tid) {
        return 0;
    }

    public int gpu() {
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AllocatorSpec && Arrays.equals(((AllocatorSpec) o).held, held);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(held);
    }
}
