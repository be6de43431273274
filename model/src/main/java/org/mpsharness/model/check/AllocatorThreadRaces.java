package org.mpsharness.model.check;

import static org.mpsharness.model.check.AllocatorContract.call;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.mpsharness.core.alloc.AllocatorStats;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.Usage;
import org.mpsharness.core.pool.SlotLease;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.core.stream.SyncType;

/**
 * The allocator contract's thread part: threads that come and go, reclaim each other's caches and read the
 * statistics, with real threads.
 * <ul>
 *   <li>thread churn with cross-thread frees and hand-overs while a reader reads the statistics: never negative and
 *       never below the bytes the main thread holds throughout (a free counted without its malloc reads low); exact
 *       at the end against the held blocks and the device; every heap back after emptyCache;</li>
 *   <li>the bytes in use read in a loop while a thread allocates and frees: never below the blocks held throughout;</li>
 *   <li>three threads reclaiming a dead thread's cache at once: each block back exactly once;</li>
 *   <li>emptyCache against threads that allocate, free and flush: no error, nothing lost.</li>
 * </ul>
 */
final class AllocatorThreadRaces {
    private static final int ROUNDS = 12;
    private static final int THREADS = 4;
    private static final int RECLAIM_TRIALS = 300;
    private static final int RECLAIMERS = 3;
    /** Blocks in the dead thread's cache: six size classes, as many as a cache keeps of each (8 by default). */
    private static final int DEAD_BLOCKS = 48;
    private static final int READS = 200_000;
    /** Threads that used the allocator and ended before the statistics reads (their stripes are summed too). */
    private static final int USED_BY = 12;
    /** Blocks the main thread holds through the whole churn: the floor of every statistics read. */
    private static final int ANCHORS = 2;
    private static final long ANCHOR_SIZE = 1L << 20;

    private AllocatorThreadRaces() {
    }

    static void run(Class<?> impl) throws Exception {
        statsReadDuringTraffic(impl);
        churn(impl);
        reclaimers(impl);
        emptyCacheAgainstTraffic(impl);
    }

    /**
     * {@value #ROUNDS} rounds of {@value #THREADS} threads that allocate, free into their caches, free one of the main
     * thread's blocks, hand one over, and end; a reader reads the statistics all along.
     */
    private static void churn(Class<?> impl) throws Exception {
        SimDevice dev = new SimDevice();
        CachingAllocator a = AllocatorContract.make(impl, dev);
        List<BufferBlock> mine = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            mine.add(call("malloc", () -> a.malloc(4096, Usage.PRIVATE)));
        }
        List<BufferBlock> anchors = new ArrayList<>();
        for (int i = 0; i < ANCHORS; i++) {
            anchors.add(call("malloc", () -> a.malloc(ANCHOR_SIZE, Usage.SHARED)));
        }
        long floor = ANCHORS * ANCHOR_SIZE;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> bad = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!stop.get() && bad.get() == null) {
                long current = a.getCurrentAllocatedMemory();
                AllocatorStats st = a.stats();
                if (current < floor || st.currentAllocated() < floor) {
                    bad.compareAndSet(null, "bytes in use read as " + current + " / " + st.currentAllocated()
                            + " B while " + floor + " B were held throughout (a free counted without its malloc)");
                }
                for (AllocatorStats.PoolStats p : st.pools()) {
                    if (p.nBuffers() < 0 || p.allocatedSize() < 0 || p.availableSize() < 0 || p.pendingSize() < 0
                            || p.cachedInThreads() < 0 || p.heapBytes() < 0) {
                        bad.compareAndSet(null, "negative pool figure read: " + p);
                    }
                }
            }
        });
        reader.start();
        AtomicReference<Throwable> err = new AtomicReference<>();
        for (int r = 0; r < ROUNDS && err.get() == null; r++) {
            ConcurrentLinkedQueue<BufferBlock> handedIn = new ConcurrentLinkedQueue<>();
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                BufferBlock theirs = mine.remove(mine.size() - 1);
                Thread th = new Thread(() -> {
                    try {
                        List<BufferBlock> bs = new ArrayList<>();
                        for (int i = 0; i < 3; i++) {
                            bs.add(a.malloc(4096L << i, Usage.PRIVATE));
                        }
                        a.free(theirs);
                        handedIn.add(a.malloc(64 * 1024, Usage.PRIVATE));
                        for (BufferBlock b : bs) {
                            a.free(b);
                        }
                    } catch (Throwable e) {
                        err.compareAndSet(null, e);
                    }
                });
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) {
                th.join();
            }
            mine.addAll(handedIn);
        }
        stop.set(true);
        reader.join();
        Contracts.require(err.get() == null, "a thread of the churn failed: " + err.get());
        Contracts.require(bad.get() == null, "statistics read during thread churn: " + bad.get());
        mine.addAll(anchors);
        AllocatorContract.audit(a, dev, mine, "after " + ROUNDS * THREADS + " threads came and went");
        for (BufferBlock b : mine) {
            call("free", () -> a.free(b));
        }
        call("emptyCache", a::emptyCache);
        AllocatorContract.consistent(a, 0, "after thread churn");
        Contracts.require(dev.currentAllocatedSize() == 0, "thread churn left " + dev.currentAllocatedSize()
                + " B of heaps after emptyCache");
        call("close", a::close);
    }

    /**
     * A thread ends with {@value #DEAD_BLOCKS} cached blocks of several size classes; {@value #RECLAIMERS} threads
     * empty the cache at once ({@value #RECLAIM_TRIALS} trials, a fresh allocator each): every block comes back
     * exactly once — no error, statistics exact, every heap back — and the thread's statistics stripe, which nets a
     * free of a block the main thread allocated, is folded exactly once. (Many blocks make a reclaim long, so that
     * reclaimers overlap even when the machine is loaded.)
     */
    private static void reclaimers(Class<?> impl) throws Exception {
        for (int trial = 0; trial < RECLAIM_TRIALS; trial++) {
            SimDevice dev = new SimDevice();
            CachingAllocator a = AllocatorContract.make(impl, dev);
            BufferBlock foreign = call("malloc", () -> a.malloc(4096, Usage.SHARED));
            Thread dying = new Thread(() -> {
                a.free(foreign); // its statistics stripe nets a free: a stripe folded twice (or never) shows
                List<BufferBlock> bs = new ArrayList<>();
                for (int i = 0; i < DEAD_BLOCKS; i++) {
                    bs.add(a.malloc(4096L << (i % 6), Usage.PRIVATE));
                }
                bs.forEach(a::free);
            });
            dying.start();
            dying.join();
            CyclicBarrier start = new CyclicBarrier(RECLAIMERS);
            AtomicReference<Throwable> err = new AtomicReference<>();
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < RECLAIMERS; t++) {
                Thread th = new Thread(() -> {
                    try {
                        start.await();
                        a.emptyCache();
                    } catch (Throwable e) {
                        err.compareAndSet(null, e);
                    }
                });
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) {
                th.join();
            }
            Contracts.require(err.get() == null, RECLAIMERS + " threads reclaiming a dead thread's cache at once: "
                    + err.get());
            call("emptyCache", a::emptyCache);
            AllocatorContract.consistent(a, 0, "after " + RECLAIMERS + " reclaims");
            Contracts.require(dev.currentAllocatedSize() == 0, "after " + RECLAIMERS + " reclaims "
                    + dev.currentAllocatedSize() + " B of heaps remain");
            call("close", a::close);
        }
    }

    /**
     * The bytes in use read {@value #READS} times while a thread allocates and frees in a loop and the main thread
     * holds {@value #ANCHORS} blocks throughout: no read may be below those blocks. A reader may count a malloc whose
     * free it has not seen yet (a little high), never a free without its malloc. Besides the worker's, the allocator
     * has the statistics of {@value #USED_BY} threads that used it and ended, so that a read sums as many stripes as
     * in a process with a thread pool (and, being longer, overlaps the worker's operations more often).
     */
    private static void statsReadDuringTraffic(Class<?> impl) throws Exception {
        SimDevice dev = new SimDevice();
        CachingAllocator a = AllocatorContract.make(impl, dev);
        for (int t = 0; t < USED_BY; t++) {
            Thread used = new Thread(() -> a.free(a.malloc(4096, Usage.PRIVATE)));
            used.start();
            used.join();
        }
        List<BufferBlock> anchors = new ArrayList<>();
        for (int i = 0; i < ANCHORS; i++) {
            anchors.add(call("malloc", () -> a.malloc(ANCHOR_SIZE, Usage.SHARED)));
        }
        long floor = ANCHORS * ANCHOR_SIZE;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> err = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                while (!stop.get()) {
                    for (int i = 0; i < 64; i++) {
                        a.free(a.malloc(4096L << (i & 3), Usage.PRIVATE));
                    }
                }
            } catch (Throwable e) {
                err.compareAndSet(null, e);
            }
        });
        worker.start();
        String bad = null;
        try {
            for (int i = 0; i < READS && bad == null && err.get() == null; i++) {
                long current = a.getCurrentAllocatedMemory();
                if (current < floor) {
                    bad = "bytes in use read as " + current + " B while " + floor + " B were held throughout (read "
                            + (i + 1) + " of " + READS + "; a free counted without its malloc)";
                }
            }
        } finally {
            stop.set(true);
            worker.join();
        }
        Contracts.require(err.get() == null, "a thread allocating during statistics reads failed: " + err.get());
        Contracts.require(bad == null, "statistics read during malloc/free: " + bad);
        AllocatorContract.audit(a, dev, anchors, "after statistics reads during traffic");
        for (BufferBlock b : anchors) {
            call("free", () -> a.free(b));
        }
        call("close", a::close);
    }

    /** emptyCache in a loop against threads that allocate, fill, wait for their GPU work, free and flush. */
    private static void emptyCacheAgainstTraffic(Class<?> impl) throws Exception {
        AllocatorStreamRaces.Rig rig = AllocatorStreamRaces.Rig.of(impl, new SimDevice());
        SimDevice dev = rig.dev();
        CachingAllocator a = rig.a();
        StreamPool pool = rig.pool();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> err = new AtomicReference<>();
        Thread emptier = new Thread(() -> {
            try {
                while (!stop.get()) {
                    a.emptyCache();
                }
            } catch (Throwable e) {
                err.compareAndSet(null, e);
            }
        });
        emptier.start();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try (SlotLease lease = pool.lease()) {
                    MpsStream s = lease.stream();
                    for (int i = 0; i < 300 && err.get() == null; i++) {
                        BufferBlock b = a.malloc(4096L << (i % 3), Usage.PRIVATE);
                        s.fill(b.buffer(), 0, b.requestedSize(), (byte) (0x40 | id));
                        s.synchronize(SyncType.COMMIT_AND_WAIT);
                        a.free(b);
                        if (i % 7 == 0) {
                            a.flushThreadCache();
                        }
                    }
                    a.flushThreadCache();
                } catch (Throwable e) {
                    err.compareAndSet(null, e);
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        stop.set(true);
        emptier.join();
        Contracts.require(err.get() == null, "emptyCache against allocating threads: " + err.get());
        call("emptyCache", a::emptyCache);
        AllocatorContract.consistent(a, 0, "after emptyCache against traffic");
        Contracts.require(dev.currentAllocatedSize() == 0, "emptyCache against traffic left "
                + dev.currentAllocatedSize() + " B of heaps");
        call("close", a::close);
    }
}
