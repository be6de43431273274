package org.mpsharness.model.mutants;

import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.pool.StreamPool;

/**
 * Seeded bug (invariant 4, statistics bookkeeping under concurrency): the bytes in use are summed malloc side first,
 * free side second (two ordered reads swapped). A malloc and a free that both complete between the two sums count as
 * a free without its malloc: a negative figure. Operator: swap two ordered reads. Caught by the statistics read of the
 * allocator's Lincheck subject and of the contract (never negative); jcstress control
 * {@code alloc.BrokenMallocsFirstStatsReader}.
 */
public class MallocsFirstStatsAllocator extends ShardedAllocator {
    public MallocsFirstStatsAllocator(StreamPool streams, AllocatorConfig config) {
        super(streams, config);
    }

    @Override
    protected long currentAllocatedOnce() {
        long mallocs = sumMallocs(); // MUTATION: production sums the frees first
        long frees = sumFrees();
        return mallocs - frees;
    }
}
