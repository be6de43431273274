package org.mpsharness.stress.alloc;

import java.util.function.BiFunction;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.BaselineAllocator;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.alloc.Usage;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.stress.support.Fixtures;

/**
 * State shared by the allocator tests: one simulated device, stream pool and allocator per test instance.
 *
 * <p>Why per instance, although it is the biggest state of this module (a pool with 32 once-locks, an allocator with
 * five shards; about 10 µs and a few KB each): the arbiters check the allocator's statistics for consistency, which
 * needs an allocator that only this instance's actors touched, and a shared device would accumulate heaps. A
 * simulated heap is backed lazily, so the 8 MiB heap each instance carves its blocks from costs nothing until written.
 * Every block is {@value #SIZE} bytes from the PRIVATE_SMALL pool, on the default stream (every thread's current
 * stream until it sets one), so reuse across threads is allowed without waiting on the GPU.
 */
abstract class AllocState {
    static final long SIZE = 4096;

    enum Design { SHARDED, SHARDED_NO_CACHE, BASELINE }

    final SimDevice device = Fixtures.manualDevice();
    final StreamPool pool = new ImprovedStreamPool(device, new DisabledCommitGate(), Fixtures.noWaitPool());
    final CachingAllocator alloc;

    AllocState(Design design) {
        switch (design) {
            case SHARDED:
                alloc = new ShardedAllocator(pool, AllocatorConfig.forChecks());
                break;
            case SHARDED_NO_CACHE:
                // no thread caches: every malloc and free goes through the pool's shard (the shared path)
                alloc = new ShardedAllocator(pool, AllocatorConfig.forChecks().withThreadCache(0, 0, 0));
                break;
            default:
                alloc = new BaselineAllocator(pool, AllocatorConfig.forChecks());
        }
    }

    /**
     * State on the allocator {@code make} builds: the negative controls use the catalog's seeded variants of the
     * improved allocator (model module), so that a control and its catalog entry are one class.
     */
    AllocState(BiFunction<StreamPool, AllocatorConfig, CachingAllocator> make, boolean threadCaches) {
        alloc = make.apply(pool, threadCaches ? AllocatorConfig.forChecks()
                : AllocatorConfig.forChecks().withThreadCache(0, 0, 0));
    }

    /**
     * Runs {@code body} on a thread that then ends, and waits for it: what it cached and counted on this allocator
     * belongs to a dead owner until a reclaim (public API only: the allocator registers a thread's cache and
     * statistics stripe at its first malloc).
     */
    static void onThreadThatEnds(Runnable body) {
        Thread t = new Thread(body, "ended");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code n} threads that each malloc and free one block and end, leaving their statistics stripes (and cached
     * blocks) registered, as threads that used the allocator before do in a server's thread pool: readers sum every
     * stripe, so this gives a reader the length that a real process gives it.
     */
    void threadsThatUsedIt(int n) {
        for (int i = 0; i < n; i++) {
            onThreadThatEnds(() -> alloc.free(malloc()));
        }
    }

    BufferBlock malloc() {
        return alloc.malloc(SIZE, Usage.PRIVATE);
    }

    /** malloc from {@code a}, or null when it threw (an exception in an actor is an outcome, not a crash). */
    static BufferBlock tryMalloc(CachingAllocator a) {
        try {
            return a.malloc(SIZE, Usage.PRIVATE);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** 1 when the blocks are two different blocks whose buffers do not overlap, else 0. */
    static int disjoint(BufferBlock x, BufferBlock y) {
        if (x == null || y == null || x == y || x.buffer() == y.buffer()) {
            return 0;
        }
        return overlap(x.buffer(), y.buffer()) ? 0 : 1;
    }

    /** 1 when the statistics add up (invariant 4), else 0; only meaningful at quiescence (in an arbiter). */
    int statsConsistent() {
        return alloc.stats().inconsistencies().isEmpty() ? 1 : 0;
    }

    /** True when both buffers are of one heap and their byte ranges intersect (public device API only). */
    static boolean overlap(DeviceBuffer a, DeviceBuffer b) {
        return a.heap() == b.heap() && a.address() < b.address() + b.length()
                && b.address() < a.address() + a.length();
    }
}
