package org.mpsharness.model.mutants;

import java.util.List;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.alloc.ThreadCache;
import org.mpsharness.core.pool.StreamPool;

/**
 * Seeded bug (invariant 1): flushThreadCache publishes the cached blocks to the shared pools but leaves them in the
 * thread's cache too — a flush that copies instead of moving. The owner's next malloc takes a block from its cache
 * while another malloc takes the same block from the shared pool. Operator: remove a call (the removal from the
 * cache). Caught by the allocator's Lincheck subject and contract; jcstress control {@code alloc.BrokenLeakyFlushVsMalloc}.
 */
public class LeakyFlushAllocator extends ShardedAllocator {
    public LeakyFlushAllocator(StreamPool streams, AllocatorConfig config) {
        super(streams, config);
    }

    @Override
    protected List<BufferBlock> drain(ThreadCache tc) {
        List<BufferBlock> blocks = super.drain(tc);
        for (BufferBlock b : blocks) {
            keepCached(tc, b); // MUTATION: production leaves the cache empty
        }
        return blocks;
    }
}
