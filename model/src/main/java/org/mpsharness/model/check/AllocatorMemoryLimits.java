package org.mpsharness.model.check;

import static org.mpsharness.model.check.AllocatorContract.call;

import java.util.ArrayList;
import java.util.List;
import org.mpsharness.core.alloc.AllocSizes;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.MpsOutOfMemoryException;
import org.mpsharness.core.alloc.Usage;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimConfig;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.core.stream.SyncType;

/**
 * The allocator contract's memory part: out of device memory or at the high watermark, freed memory is given back
 * before a malloc fails, and the device never holds more than the watermark allows; emptyCache syncs the streams
 * before it releases, and releases idle heaps only. Written for mutants of the improved allocator that every other
 * check let through (PIT, 2026-11-30): an out-of-memory ladder without its flush or its release, no high-watermark
 * test, emptyCache without its stream sync, a heap released with a buffer still in it.
 */
final class AllocatorMemoryLimits {
    private AllocatorMemoryLimits() {
    }

    static void run(Class<?> impl) {
        outOfMemoryLadder(impl);
        highWatermark(impl);
        emptyCacheSyncsFirst(impl);
        emptyCacheKeepsHeld(impl);
    }

    /**
     * Out of device memory with every heap held by free blocks — cached by this thread — a malloc of another pool
     * succeeds: the allocator flushes its caches and releases idle heaps before it gives up.
     */
    private static void outOfMemoryLadder(Class<?> impl) {
        SimDevice dev = new SimDevice();
        dev.faults().oomAfterBytes(AllocSizes.SMALL_HEAP);
        CachingAllocator a = AllocatorContract.make(impl, dev);
        List<BufferBlock> held = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            held.add(call("malloc", () -> a.malloc(AllocSizes.MiB, Usage.PRIVATE)));
        }
        for (BufferBlock b : held) {
            call("free", () -> a.free(b));
        }
        BufferBlock s = call("malloc of another pool once every heap holds only free blocks (the allocator must "
                + "flush and release them, not fail)", () -> a.malloc(AllocSizes.MiB, Usage.SHARED));
        call("free", () -> a.free(s));
        AllocatorContract.consistent(a, 0, "after the out-of-memory ladder");
        call("close", a::close);
    }

    /**
     * The high watermark bounds the device memory the allocator holds: with a limit of two large heaps, mallocs fail
     * with an out-of-memory error once the next heap would pass it, never after. Then, with half the blocks free and
     * past the low watermark (memory pressure: idle buffers collected first), a larger malloc of the same pool and one
     * of another pool each succeed or fail with that error — MPS keeps heaps that garbage collection emptied, so it may
     * refuse them — and never pass the limit; the figures add up after each.
     */
    private static void highWatermark(Class<?> impl) {
        long limit = 2 * AllocSizes.LARGE_HEAP;
        SimDevice dev = new SimDevice(SimConfig.defaults().withRecommendedMaxWorkingSet(limit));
        CachingAllocator a = AllocatorContract.make(impl, dev);
        call("setHighWatermarkRatio(1.0)", () -> a.setHighWatermarkRatio(1.0));
        call("setLowWatermarkRatio(0.5)", () -> a.setLowWatermarkRatio(0.5));
        List<BufferBlock> held = new ArrayList<>();
        while (true) { // until the out-of-memory error, each malloc within the limit
            BufferBlock b = mallocWithin(a, dev, limit, 3 * AllocSizes.MiB, Usage.PRIVATE);
            if (b == null) {
                break;
            }
            held.add(b);
            Contracts.require(held.size() < 100, "100 mallocs of 3 MiB under a high watermark of " + limit
                    + " B all succeeded");
        }
        List<BufferBlock> later = new ArrayList<>(held.subList(held.size() / 2, held.size()));
        held.removeAll(later);
        for (BufferBlock b : later) {
            call("free", () -> a.free(b));
        }
        BufferBlock big = mallocWithin(a, dev, limit, 5 * AllocSizes.MiB, Usage.PRIVATE); // idle buffers collected
        if (big != null) {
            held.add(big);
        }
        AllocatorContract.audit(a, dev, held, "after a malloc under memory pressure");
        if (big != null) {
            held.remove(big);
            BufferBlock b5 = big;
            call("free", () -> a.free(b5));
        }
        BufferBlock s = mallocWithin(a, dev, limit, 2 * AllocSizes.MiB, Usage.SHARED);
        if (s != null) {
            held.add(s);
        }
        AllocatorContract.audit(a, dev, held, "at the high watermark");
        for (BufferBlock b : held) {
            call("free", () -> a.free(b));
        }
        call("emptyCache", a::emptyCache);
        AllocatorContract.consistent(a, 0, "after the high-watermark clause");
        call("close", a::close);
    }

    /**
     * A malloc at the high watermark: the block, or null when it failed with the out-of-memory error — which MPS may
     * answer there (a heap emptied by garbage collection is kept and still counts against the limit); either way the
     * device holds no more than the limit.
     */
    private static BufferBlock mallocWithin(CachingAllocator a, SimDevice dev, long limit, long size, Usage u) {
        BufferBlock b = call("malloc(" + size + ", " + u + ") at the high watermark", () -> {
            try {
                return a.malloc(size, u);
            } catch (MpsOutOfMemoryException allowed) {
                return null; // allowed: the caller audits the figures after it
            }
        });
        Contracts.require(dev.currentAllocatedSize() <= limit, "the allocator holds " + dev.currentAllocatedSize()
                + " B of heaps, past its high watermark of " + limit + " B");
        return b;
    }

    /**
     * emptyCache with GPU work pending on blocks that were freed (a recorded use on another stream, work of the owner's
     * stream): it syncs the streams first, then releases every heap.
     */
    private static void emptyCacheSyncsFirst(Class<?> impl) {
        SimDevice dev = new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
        StreamPool pool = new ImprovedStreamPool(dev, new DisabledCommitGate(), PoolConfig.defaults());
        CachingAllocator a = Instances.allocator(impl, pool, AllocatorConfig.forChecks());
        MpsStream sa = pool.getStream(1);
        MpsStream sb = pool.getStream(2);
        pool.setCurrentStream(sa);
        BufferBlock used = call("malloc", () -> a.malloc(4096, Usage.PRIVATE));
        BufferBlock written = call("malloc", () -> a.malloc(4 * AllocSizes.MiB, Usage.PRIVATE));
        sb.fill(used.buffer(), 0, 4096, (byte) 1);
        call("recordEvents", () -> a.recordEvents(List.of(used), sb));
        sa.fill(written.buffer(), 0, 4096, (byte) 2);
        call("free", () -> a.free(used));
        call("free", () -> a.free(written));
        call("flushThreadCache", a::flushThreadCache);
        call("emptyCache with GPU work pending", a::emptyCache);
        Contracts.require(dev.currentAllocatedSize() == 0, "emptyCache left " + dev.currentAllocatedSize()
                + " B of heaps whose blocks waited for GPU work (streams not synced before the release)");
        AllocatorStreamRaces.gpu(pool, dev);
        call("close", a::close);
        pool.close();
    }

    /** emptyCache releases idle heaps only: a block held across it, in a heap it shares with a freed one, stays usable. */
    private static void emptyCacheKeepsHeld(Class<?> impl) {
        SimDevice dev = new SimDevice();
        StreamPool pool = new ImprovedStreamPool(dev, new DisabledCommitGate(), PoolConfig.defaults());
        CachingAllocator a = Instances.allocator(impl, pool, AllocatorConfig.forChecks());
        BufferBlock kept = call("malloc", () -> a.malloc(4096, Usage.PRIVATE));
        BufferBlock freed = call("malloc", () -> a.malloc(4096, Usage.PRIVATE));
        call("free", () -> a.free(freed));
        call("emptyCache", a::emptyCache);
        MpsStream s = pool.getCurrentStream();
        s.fill(kept.buffer(), 0, 4096, (byte) 5);
        s.synchronize(SyncType.COMMIT_AND_WAIT);
        Contracts.require(dev.violations().isEmpty(), "a block held across emptyCache was released under its "
                + "holder: " + dev.violations());
        AllocatorContract.audit(a, dev, List.of(kept), "after emptyCache with a block held");
        call("free", () -> a.free(kept));
        call("close", a::close);
        pool.close();
    }
}
