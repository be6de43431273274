package org.mpsharness.model.mutants;

import org.mpsharness.core.pool.BitmaskFreelist;

/**
 * Seeded bug: the bitmask freelist's acquire with its compare-and-set split into a read and a write.
 *
 * <p><b>Operator:</b> atomic &rarr; non-atomic (CAS &rarr; get + set). Both accesses stay volatile, so this is purely
 * an atomicity bug: two acquirers can read the same mask, both clear the same lowest bit and both take that slot.
 *
 * <p><b>Breaks:</b> invariant 8 (a worker slot has at most one live owner; the fork's MutualExclusion and
 * PoolIntegrity).
 *
 * <p><b>Caught by:</b> jcstress {@code BrokenGetSetFreelistDistinctSlots} (both acquires return slot 1) and, inside a
 * pool, {@code BrokenGetSetPoolDistinctSlots}.
 */
public final class GetSetBitmaskFreelist extends BitmaskFreelist {

    public GetSetBitmaskFreelist() {
        super();
    }

    @Override
    protected int claimLowestBit() {
        int m = loadMask(); // volatile read
        if (m == 0) {
            return -1;
        }
        int low = Integer.lowestOneBit(m);
        storeMask(m & ~low); // MUTATION: production compares-and-sets
        return Integer.numberOfTrailingZeros(low);
    }
}
