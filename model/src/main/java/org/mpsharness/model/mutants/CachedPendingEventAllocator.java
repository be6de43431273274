package org.mpsharness.model.mutants;

import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.alloc.ThreadCache;
import org.mpsharness.core.pool.StreamPool;

/**
 * Seeded bug (invariant 2, event-deferred reuse through the thread caches): a freed block whose use on another stream
 * is still pending (recordEvents) goes to the freeing thread's cache, events and all, instead of waiting in its pool;
 * the thread's next malloc on its own stream hands it out while the other stream still works on it. Operator: drop a
 * guard (the pending-event test of the cache decision). Caught by the allocator's Lincheck subject (its reuse oracle
 * and pattern checks) and by the contract's pending-event check.
 */
public class CachedPendingEventAllocator extends ShardedAllocator {
    public CachedPendingEventAllocator(StreamPool streams, AllocatorConfig config) {
        super(streams, config);
    }

    @Override
    protected boolean mayCache(BufferBlock b, boolean waits, ThreadCache tc) {
        return super.mayCache(b, false, tc); // MUTATION: production passes `waits`
    }
}
