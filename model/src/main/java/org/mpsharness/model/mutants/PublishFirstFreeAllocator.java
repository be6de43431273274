package org.mpsharness.model.mutants;

import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.alloc.ThreadCache;
import org.mpsharness.core.pool.StreamPool;

/**
 * Seeded bug (invariant 1): a free that does not go to the thread's cache puts the block back into its pool before it
 * changes the block's state and counts it — the publication shifted above the rest of the free. A malloc on another
 * thread can take the block while it is still in use: its hand-off fails, or the block ends up free and in no pool.
 * Operator: shift a critical region (publish first). Caught by the allocator's Lincheck subject (a cross-thread free
 * racing a malloc); no jcstress control: one caught it in 1 of ~3,800 samples and in none of 28,993 on 2 cores,
 * and a control the build requires to fail must fail every time.
 */
public class PublishFirstFreeAllocator extends ShardedAllocator {
    public PublishFirstFreeAllocator(StreamPool streams, AllocatorConfig config) {
        super(streams, config);
    }

    @Override
    protected void freeShared(BufferBlock b, boolean pending, ThreadCache tc) {
        returnToPool(b); // MUTATION: production marks the block freed and counts it first
        markFreed(b, pending);
        countFree(tc, b);
    }
}
