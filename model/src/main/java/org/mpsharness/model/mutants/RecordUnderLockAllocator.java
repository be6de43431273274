package org.mpsharness.model.mutants;

import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.MpsStream;

/**
 * Seeded bug (invariant 9, a wait under a lock): recordEvents encodes the event's signal while holding the block's
 * pool lock. Entering the default stream activates it in the commit gate, which may wait for another stream's
 * commit-and-continue, so an allocator lock is held across a wait. Operator: expand a critical section. Caught by the
 * contract, whose gate reports every activation made with an allocator-level lock held.
 */
public class RecordUnderLockAllocator extends ShardedAllocator {
    public RecordUnderLockAllocator(StreamPool streams, AllocatorConfig config) {
        super(streams, config);
    }

    @Override
    protected void recordEvent(BufferBlock b, MpsStream stream) {
        underPoolLock(b.pool(), () -> super.recordEvent(b, stream)); // MUTATION: production encodes after unlocking
    }
}
