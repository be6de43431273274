package org.mpsharness.model.check;

import static org.mpsharness.model.check.AllocatorContract.call;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mpsharness.core.alloc.AllocSizes;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.AllocatorStats;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.Usage;
import org.mpsharness.core.device.StorageMode;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.DisabledCommitGate;

/**
 * The allocator contract's policy part: what a block handed out must be, how much a thread may keep, that freed
 * memory is reused and released, and that ended threads are let go. Each clause was written for mutants of the
 * improved allocator that every other check let through (PIT, 2026-11-30): a cache whose bins mix pool kinds, a lost
 * requested size, cache bounds off, an eviction from an empty class, a registry that never sweeps, a shared pool that
 * never reuses. Releasing memory and its limits are {@link AllocatorMemoryLimits}'.
 */
final class AllocatorPolicies {
    /** The thread-cache bounds these clauses set: 4 blocks a size class, 1 MiB a thread, blocks up to 256 KiB. */
    private static final int CACHE_BLOCKS = 4;
    private static final long CACHE_BYTES = AllocSizes.MiB;
    private static final long CACHE_MAX_BLOCK = 256 * AllocSizes.KiB;
    /** Ended threads in {@link #endedThreadsReleased}, and how many an allocator may still keep reachable. */
    private static final int ENDED = 96;
    private static final int KEPT = 32;

    private AllocatorPolicies() {
    }

    static void run(Class<?> impl) throws Exception {
        requests(impl);
        cacheBounds(impl);
        sharedReuse(impl);
        AllocatorMemoryLimits.run(impl);
        endedThreadsReleased(impl);
    }

    /**
     * Every request, of every usage and of sizes across every pool, gets a block of at least its size, of the pool
     * MPS's get_pool names (AllocSizes.poolFor on the device's aligned size), carrying its requested size and the
     * caller's stream — fresh, and again once the same requests are served from cached blocks in another order.
     * Invalid sizes are refused with IllegalArgumentException. recordEvents on a block's own stream records nothing.
     */
    private static void requests(Class<?> impl) {
        SimDevice dev = new SimDevice();
        StreamPool pool = new ImprovedStreamPool(dev, new DisabledCommitGate(), PoolConfig.defaults());
        CachingAllocator a = Instances.allocator(impl, pool, AllocatorConfig.forChecks());
        SplittableRandom rng = new SplittableRandom(23);
        List<long[]> asks = new ArrayList<>(); // {size, usage ordinal}
        long[] fixed = {1, 8, 100, 512, 4096, 5000, 65536, AllocSizes.MiB, AllocSizes.MiB + 1, 3 * AllocSizes.MiB};
        for (Usage u : Usage.values()) {
            if (u == Usage.SCALAR) {
                for (long s = 1; s <= AllocSizes.MAX_SCALAR_ALLOC; s++) {
                    asks.add(new long[] {s, u.ordinal()});
                }
                continue;
            }
            for (long s : fixed) {
                asks.add(new long[] {s, u.ordinal()});
            }
            for (int i = 0; i < 20; i++) {
                asks.add(new long[] {1 + rng.nextLong(4 * AllocSizes.MiB), u.ordinal()});
            }
        }
        for (int round = 0; round < 2; round++) {
            List<BufferBlock> got = new ArrayList<>();
            for (long[] ask : asks) {
                got.add(request(a, dev, pool, ask[0], Usage.values()[(int) ask[1]]));
            }
            AllocatorContract.requireDistinct(got, "after " + asks.size() + " requests of every usage");
            for (BufferBlock b : got) {
                Contracts.require(!call("recordEvents", () -> a.recordEvents(List.of(b), b.stream())),
                        "recordEvents on " + b + "'s own stream reported an event recorded");
                call("free", () -> a.free(b));
            }
            Collections.reverse(asks); // the second round asks in the other order, a byte less where it
            for (long[] ask : asks) {            // can: served from cached blocks, whose requested size must follow
                ask[0] = Math.max(1, ask[0] - 1);
            }
        }
        sameClass(a, dev, pool);
        for (long size = 1; size <= AllocSizes.MAX_SCALAR_ALLOC; size++) { // one size in every usage, back to back:
            for (Usage u : List.of(Usage.SCALAR, Usage.PRIVATE, Usage.SCALAR, Usage.SHARED, Usage.PRIVATE)) {
                BufferBlock b = request(a, dev, pool, size, u); // a memo entry of one usage never answers another
                call("free", () -> a.free(b));
            }
        }
        BufferBlock huge = request(a, dev, pool, 40 * AllocSizes.MiB, Usage.PRIVATE);
        call("free", () -> a.free(huge));
        call("flushThreadCache", a::flushThreadCache);
        BufferBlock four = request(a, dev, pool, 4 * AllocSizes.MiB, Usage.PRIVATE); // never the 40 MiB block
        call("free", () -> a.free(four));
        long[] sizes = rng.longs(100, 1, 2 * AllocSizes.MiB).toArray(); // sizes that recur: memo hits, and misses
        for (int i = 0; i < 3_000; i++) { // many sizes and usages, each freed at once: cached blocks and memos reused
            Usage u = Usage.values()[rng.nextInt(Usage.values().length)];
            long size = u == Usage.SCALAR ? 1 + rng.nextInt((int) AllocSizes.MAX_SCALAR_ALLOC)
                    : sizes[rng.nextInt(sizes.length)];
            BufferBlock b = request(a, dev, pool, size, u);
            call("free", () -> a.free(b));
        }
        for (long bad : new long[] {0, -1, dev.maxBufferLength()}) {
            try {
                a.malloc(bad, Usage.PRIVATE);
                Contracts.require(false, "malloc(" + bad + ") accepted an invalid size");
            } catch (IllegalArgumentException expected) {
                // required
            }
        }
        AllocatorStreamRaces.gpu(pool, dev);
        for (int i = 0; i < 500 && a.getCurrentAllocatedMemory() != 0; i++) {
            Contracts.sleep(10); // scalar blocks are freed by a completion handler of the default stream (MPS)
        }
        AllocatorContract.audit(a, dev, List.of(), "after every block of every usage was freed");
        call("close", a::close);
        pool.close();
    }

    /**
     * Blocks of one size class: a larger request after a smaller block was freed gets a block large enough; with a
     * larger and a smaller block free, two larger requests get two distinct blocks.
     */
    private static void sameClass(CachingAllocator a, SimDevice dev, StreamPool pool) {
        BufferBlock small = request(a, dev, pool, 5_000, Usage.PRIVATE);
        call("free", () -> a.free(small));
        BufferBlock larger = request(a, dev, pool, 6_000, Usage.PRIVATE);
        BufferBlock other = request(a, dev, pool, 5_000, Usage.PRIVATE);
        call("free", () -> a.free(larger));
        call("free", () -> a.free(other)); // the smaller block freed last: a take skips it for the larger one
        List<BufferBlock> two = List.of(request(a, dev, pool, 6_000, Usage.PRIVATE),
                request(a, dev, pool, 6_000, Usage.PRIVATE));
        AllocatorContract.requireDistinct(two, "after two requests of 6,000 B with a 6,000 and a 5,000 B block free");
        for (BufferBlock b : two) {
            call("free", () -> a.free(b));
        }
    }

    private static BufferBlock request(CachingAllocator a, SimDevice dev, StreamPool pool, long size, Usage u) {
        BufferBlock b = call("malloc(" + size + ", " + u + ")", () -> a.malloc(size, u));
        long aligned = dev.heapBufferSizeAndAlign(size, u == Usage.PRIVATE ? StorageMode.PRIVATE : StorageMode.SHARED)
                .alignedSize();
        Contracts.require(b.size() >= aligned, "malloc(" + size + ", " + u + ") returned " + b + " smaller than the "
                + aligned + " B the device aligns it to");
        Contracts.require(b.pool() == AllocSizes.poolFor(size, aligned, u, dev.hasUnifiedMemory()),
                "malloc(" + size + ", " + u + ") returned a block of pool " + b.pool() + ", MPS's get_pool names "
                        + AllocSizes.poolFor(size, aligned, u, dev.hasUnifiedMemory()));
        Contracts.require(b.size() <= aligned + AllocSizes.LARGE_HEAP, "malloc(" + size + ", " + u + ") returned "
                + b + ", more than kLargeHeap (" + AllocSizes.LARGE_HEAP + " B) larger than the request");
        Contracts.require(b.requestedSize() == size, "malloc(" + size + ", " + u + ") returned " + b
                + " whose requested size is " + b.requestedSize());
        Contracts.require(b.stream() == pool.getCurrentStream(), "malloc(" + size + ", " + u + ") returned " + b
                + " bound to " + b.stream() + ", not the caller's stream " + pool.getCurrentStream());
        return b;
    }

    /**
     * A thread's cache stays within its configured bounds — blocks per size class, bytes, largest block — whatever
     * it frees; a free into a full cache of a size class it holds nothing of still works.
     */
    private static void cacheBounds(Class<?> impl) {
        SimDevice dev = new SimDevice();
        StreamPool pool = new ImprovedStreamPool(dev, new DisabledCommitGate(), PoolConfig.defaults());
        CachingAllocator a = Instances.allocator(impl, pool,
                AllocatorConfig.forChecks().withThreadCache(CACHE_BLOCKS, CACHE_BYTES, CACHE_MAX_BLOCK));
        List<BufferBlock> mixed = new ArrayList<>();
        for (int i = 0; i < CACHE_BLOCKS; i++) {
            mixed.add(call("malloc", () -> a.malloc(CACHE_MAX_BLOCK, Usage.PRIVATE)));
            mixed.add(call("malloc", () -> a.malloc(CACHE_MAX_BLOCK / 2, Usage.PRIVATE)));
        }
        BufferBlock other = call("malloc", () -> a.malloc(16 * AllocSizes.KiB, Usage.PRIVATE));
        mixed.add(other); // freed last, into a cache at its byte bound that holds nothing of its class
        for (BufferBlock b : mixed) {
            call("free", () -> a.free(b));
            long cached = cachedInThreads(a);
            Contracts.require(cached <= CACHE_BYTES, "one thread's cache holds " + cached + " B, its bound is "
                    + CACHE_BYTES + " B");
        }
        call("flushThreadCache", a::flushThreadCache); // the parts below start from an empty cache
        freeAndBound(a, 10, 64 * AllocSizes.KiB, CACHE_BLOCKS * 64 * AllocSizes.KiB, "ten 64 KiB blocks",
                Usage.SHARED); // a pool with no larger free block to hand out instead
        call("flushThreadCache", a::flushThreadCache);
        freeAndBound(a, 2, CACHE_MAX_BLOCK * 2, 0, "blocks larger than the cache's largest", Usage.PRIVATE);
        call("flushThreadCache", a::flushThreadCache);
        AllocatorContract.consistent(a, 0, "after frees into a full cache");
        call("close", a::close);
        pool.close();
    }

    private static void freeAndBound(CachingAllocator a, int n, long size, long bound, String what, Usage u) {
        List<BufferBlock> bs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bs.add(call("malloc", () -> a.malloc(size, u)));
        }
        for (BufferBlock b : bs) {
            call("free", () -> a.free(b));
            requireBound(a, bound, what);
        }
    }

    private static void requireBound(CachingAllocator a, long bound, String what) {
        long cached = cachedInThreads(a);
        Contracts.require(cached <= bound, what + " freed by one thread: its cache holds " + cached
                + " B, more than its bounds allow (" + bound + " B; " + CACHE_BLOCKS + " blocks a size class, "
                + CACHE_BYTES + " B, blocks up to " + CACHE_MAX_BLOCK + " B)");
    }

    private static long cachedInThreads(CachingAllocator a) {
        long n = 0;
        for (AllocatorStats.PoolStats p : a.stats().pools()) {
            n += p.cachedInThreads();
        }
        return n;
    }

    /** A block freed to the shared pool is reused: a thread allocating what another frees needs a handful of buffers. */
    private static void sharedReuse(Class<?> impl) throws Exception {
        SimDevice dev = new SimDevice();
        CachingAllocator a = AllocatorContract.make(impl, dev);
        ExecutorService freer = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 64; i++) {
                BufferBlock b = call("malloc", () -> a.malloc(64 * AllocSizes.KiB, Usage.PRIVATE));
                Future<?> f = freer.submit(() -> a.free(b));
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new AssertionError("contract violated: free on another thread threw " + e.getCause(),
                            e.getCause());
                }
            }
        } finally {
            freer.shutdown();
        }
        long buffers = 0;
        for (AllocatorStats.PoolStats p : a.stats().pools()) {
            buffers += p.nBuffers();
        }
        Contracts.require(buffers <= 8, buffers + " buffers exist after 64 rounds of one 64 KiB block allocated here "
                + "and freed by another thread: freed blocks are not reused");
        call("close", a::close);
    }

    /**
     * {@value #ENDED} threads each allocate, free and end: the allocator may keep the state of a few ended threads
     * until a periodic sweep (at most {@value #KEPT}), never of all of them — their statistics stripes and caches
     * would grow without bound under thread churn. Measured by what the garbage collector can take.
     */
    private static void endedThreadsReleased(Class<?> impl) throws Exception {
        SimDevice dev = new SimDevice();
        CachingAllocator a = AllocatorContract.make(impl, dev);
        List<WeakReference<Thread>> ended = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int i = 0; i < ENDED; i++) {
            Thread t = new Thread(() -> {
                try {
                    a.free(a.malloc(4096, Usage.PRIVATE));
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            });
            t.start();
            t.join();
            ended.add(new WeakReference<>(t));
        }
        Contracts.require(errors.isEmpty(), "a thread's malloc and free failed: " + errors);
        long kept = ENDED;
        for (int i = 0; i < 10 && kept > KEPT; i++) {
            System.gc();
            Thread.sleep(20);
            kept = ended.stream().filter(r -> r.get() != null).count();
        }
        Contracts.require(kept <= KEPT, kept + " of " + ENDED + " ended threads are still reachable from the "
                + "allocator (their caches and statistics stripes are never reclaimed)");
        AllocatorContract.consistent(a, 0, "after " + ENDED + " threads came and went");
        call("close", a::close);
    }
}
