package org.mpsharness.model.mutants;

import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.alloc.ThreadCache;
import org.mpsharness.core.pool.StreamPool;

/**
 * Seeded bug (invariant 1, reclamation of dead owners): a reclaimer checks that a dead thread's cache is still active
 * instead of taking it over by CAS, so two reclaimers (emptyCache, the out-of-memory ladder, a new thread's sweep) can
 * both drain and flush one cache: a block lands in its pool twice. Operator: CAS → check-then-act. Caught by the
 * allocator's Lincheck subject (two reclaims racing) and the contract; jcstress control
 * {@code alloc.BrokenCheckThenActReclaimDeadCache}.
 */
public class CheckThenActReclaimAllocator extends ShardedAllocator {
    public CheckThenActReclaimAllocator(StreamPool streams, AllocatorConfig config) {
        super(streams, config);
    }

    @Override
    protected boolean claim(ThreadCache c) {
        return isActive(c); // MUTATION: production takes it over by CAS ACTIVE -> RECLAIMED
    }
}
