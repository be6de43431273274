package org.mpsharness.model.mutants;

import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.alloc.ThreadCache;
import org.mpsharness.core.pool.StreamPool;

/**
 * Seeded bug (invariant 4, statistics bookkeeping): when a dead thread's cache is reclaimed, its statistics stripe is
 * dropped without being folded into the retired totals, so a malloc whose block another thread frees later (or a free
 * of another thread's block) disappears from the sums. Operator: remove a call (the fold). Caught at quiescence by the
 * statistics audit of the allocator's Lincheck subject and of the contract (bytes in use against the held blocks).
 */
public class UnfoldedStatsAllocator extends ShardedAllocator {
    public UnfoldedStatsAllocator(StreamPool streams, AllocatorConfig config) {
        super(streams, config);
    }

    @Override
    protected void retire(ThreadCache c) {
        retire(c, 0, 0); // MUTATION: production folds the stripe's malloc and free totals
    }
}
