package org.mpsharness.stress.alloc;

import org.mpsharness.core.alloc.AllocProbe;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.ShardedAllocator;

/**
 * Shape of the dead-thread cache tests: block b0 sits in the cache of a thread that has ended; two threads reclaim
 * dead threads' caches at once. Exactly one may take the cache over and flush it, so b0 lands in the shared pool once.
 */
abstract class ReclaimState extends AllocState {
    final BufferBlock b0;

    ReclaimState() {
        super(Design.SHARDED);
        b0 = malloc();
        AllocProbe.parkInDeadThreadCache((ShardedAllocator) alloc, b0);
    }

    /** Arbiter: 1 when b0 is free, a malloc gets it back from the shared pool, and the statistics add up. */
    int consistent() {
        if (b0.state() != BufferBlock.FREE) {
            return 0;
        }
        alloc.flushThreadCache(); // the arbiter's own cache (empty) out of the way
        BufferBlock again = tryMalloc(alloc);
        if (again == null) {
            return 0;
        }
        alloc.free(again);
        return statsConsistent();
    }
}
