package org.mpsharness.stress.alloc;

import java.util.function.BiFunction;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.ShardedAllocator;

/**
 * Shape of the dead-thread cache tests: block b0 sits in the cache of a thread that has ended; two threads reclaim
 * dead threads' caches at once. Exactly one may take the cache over and flush it, so b0 lands in the shared pool once.
 */
abstract class ReclaimState extends AllocState {
    final BufferBlock b0;

    ReclaimState(BiFunction<StreamPool, AllocatorConfig, CachingAllocator> make) {
        super(make, true);
        BufferBlock[] cached = new BufferBlock[1];
        onThreadThatEnds(() -> {
            cached[0] = malloc();
            alloc.free(cached[0]); // into that thread's cache
        });
        b0 = cached[0];
    }

    /** Reclaims dead threads' caches; the number taken over, or -9 when the reclaim threw (a double free). */
    int reclaim() {
        try {
            return ((ShardedAllocator) alloc).reclaimDeadThreadCaches();
        } catch (RuntimeException e) {
            return -9;
        }
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
