package org.mpsharness.model.lincheck;

import java.util.Arrays;

/** Sequential specification of {@link AllocatorLin}: malloc returns the aligned size; nothing else is observable. */
public class AllocatorSpec {
    private final int[] held = new int[AllocatorLin.THREADS];

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

    public int flush(int tid) {
        return 0;
    }

    public int emptyCache(int tid) {
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
