package org.mpsharness.model.mutants;

import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.MpsStream;

/**
 * Seeded bug (invariant 2): a free block is handed to any stream at once, without waiting for the fence of the stream
 * that used it — "reuse a block before the GPU finished with it". Operator: drop a guard (the fence test).
 * Caught by the workload's pattern checks (the old owner's late GPU write lands in the new owner's block) and by
 * the allocator's Lincheck subject, whose validation reads every held block back.
 */
public class IgnoreFenceAllocator extends ShardedAllocator {
    public IgnoreFenceAllocator(StreamPool streams, AllocatorConfig config) {
        super(streams, config);
    }

    @Override
    protected boolean reusable(BufferBlock b, MpsStream stream) {
        return b.state() == BufferBlock.FREE; // any free block, on any stream, at once
    }
}
