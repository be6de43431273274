package org.mpsharness.model.mutants;

import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.pool.StreamPool;

/**
 * Seeded bug (invariant 2): a block used on another stream (recordEvents) goes back to the pool at free instead of
 * waiting for that stream's event — "reuse a block before its event completed". Operator: drop a guard.
 * Caught by the workload's hand-over checks: the other stream's late write corrupts the next owner's pattern.
 */
public class IgnoreEventsAllocator extends ShardedAllocator {
    public IgnoreEventsAllocator(StreamPool streams, AllocatorConfig config) {
        super(streams, config);
    }

    @Override
    protected boolean waitsForEvents(BufferBlock b) {
        return false;
    }
}
