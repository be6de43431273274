package org.mpsharness.model.mutants;

import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.pool.StreamPool;

/**
 * Seeded bug (invariants 1 and 4: blocks lost): the per-thread cache of a thread that ended is never flushed back to
 * the shared pools — the missing thread-local destructor. Operator: remove a call. Caught by the allocator's
 * thread-end contract check: after a thread dies holding cached blocks, emptyCache must give every heap back.
 */
public class LeakyThreadCacheAllocator extends ShardedAllocator {
    public LeakyThreadCacheAllocator(StreamPool streams, AllocatorConfig config) {
        super(streams, config);
    }

    @Override
    public int reclaimDeadThreadCaches() {
        return 0;
    }
}
