package org.mpsharness.model.mutants;

import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.MpsStream;

/**
 * Seeded bug (invariant 2, block reuse across streams): a block leaving a thread (flush, overflow, a free on another
 * thread's stream) takes no fence of its stream, so the shared pool hands it to another stream while the GPU still
 * works on it. Operator: remove a call (the fence). Caught by the reuse oracle of the allocator's Lincheck subject and
 * by the contract's cross-stream reuse check.
 */
public class UnfencedFlushAllocator extends ShardedAllocator {
    public UnfencedFlushAllocator(StreamPool streams, AllocatorConfig config) {
        super(streams, config);
    }

    @Override
    protected long fenceOf(MpsStream stream) {
        return 0; // MUTATION: production takes stream.fenceValue()
    }
}
