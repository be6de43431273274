package org.mpsharness.model.mutants;

import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.FixedBaselineAllocator;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.pool.StreamPool;

/**
 * Seeded bug (invariants 1 and 4): the (fixed) baseline allocator's free without {@code m_mutex} — the pool's free set and
 * counters are changed concurrently with mallocs on other threads. Operator: remove lock/unlock. Caught by Lincheck
 * (an interleaving inside the sorted set or the counters) and by the workload's statistics check.
 */
public class UnlockedFreeAllocator extends FixedBaselineAllocator {
    public UnlockedFreeAllocator(StreamPool streams, AllocatorConfig config) {
        super(streams, config);
    }

    @Override
    public void free(BufferBlock b) {
        if (b.state() != BufferBlock.IN_USE) {
            throw new IllegalStateException("double free of " + b);
        }
        freeBuffer(b); // no lock
    }
}
