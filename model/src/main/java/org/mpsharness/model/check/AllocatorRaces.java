package org.mpsharness.model.check;

import static org.mpsharness.model.check.AllocatorContract.call;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.AllocatorStats;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.Usage;
import org.mpsharness.core.lock.LockOrderChecker;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.SlotLease;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimConfig;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.core.stream.SyncType;

/**
 * The allocator contract's multi-threaded part: the states where its bugs live, reached with real threads.
 * <ul>
 *   <li>thread churn with cross-thread frees and hand-overs while a reader reads the statistics: never negative, exact
 *       at the end against the held blocks and the device, every heap back after emptyCache;</li>
 *   <li>two threads reclaiming a dead thread's cache at once: each block back exactly once;</li>
 *   <li>a block with a pending event of another stream, and a block flushed or freed by another thread while its
 *       stream's GPU work is pending: never handed to another stream (or back to its owner) before the GPU passed it
 *       (a device whose GPU runs only when the check says so);</li>
 *   <li>emptyCache against threads that allocate, free and flush: no error, nothing lost;</li>
 *   <li>recordEvents on the default stream: the commit gate, whose activation may wait, is never entered with an
 *       allocator-level lock held (invariant 9).</li>
 * </ul>
 */
final class AllocatorRaces {
    private static final int ROUNDS = 12;
    private static final int THREADS = 4;
    private static final int RECLAIM_TRIALS = 60;

    private AllocatorRaces() {
    }

    static void run(Class<?> impl) throws Exception {
        recordEventsOutsideLocks(impl);
        pendingEvent(impl);
        reuseAcrossStreams(impl);
        churn(impl);
        twoReclaimers(impl);
        emptyCacheAgainstTraffic(impl);
    }

    private static SimDevice manual() {
        return new SimDevice(SimConfig.defaults().withMode(SimConfig.Mode.MANUAL));
    }

    /** The default stream's activation with an allocator lock held is refused (the gate's activation may wait). */
    static final class WaitCheckingGate implements CommitGate {
        private final CommitGate inner = new DisabledCommitGate();

        @Override
        public void activate(MpsStream stream) {
            LockOrderChecker.assertMayBlock("commit gate activation of " + stream);
            inner.activate(stream);
        }

        @Override
        public void deactivate(MpsStream stream) {
            inner.deactivate(stream);
        }

        @Override
        public boolean tryBeginContinue(MpsStream stream) {
            return inner.tryBeginContinue(stream);
        }

        @Override
        public void endContinue(MpsStream stream) {
            inner.endContinue(stream);
        }

        @Override
        public int activeStreams() {
            return inner.activeStreams();
        }

        @Override
        public String mode() {
            return inner.mode();
        }
    }

    private static void recordEventsOutsideLocks(Class<?> impl) {
        Rig rig = Rig.of(impl, manual(), new WaitCheckingGate());
        SimDevice dev = rig.dev();
        CachingAllocator a = rig.a();
        StreamPool pool = rig.pool();
        try (SlotLease lease = pool.lease()) {
            BufferBlock b = call("malloc", () -> a.malloc(4096, Usage.SHARED));
            MpsStream dflt = pool.getDefaultStream();
            dflt.fill(b.buffer(), 0, 4096, (byte) 3);
            call("recordEvents on the default stream (with no allocator lock held when it enters the stream)",
                    () -> a.recordEvents(List.of(b), dflt));
            call("free", () -> a.free(b));
            gpu(pool, dev);
        }
        a.close();
    }

    /** A device, a pool on it and the design under test on the pool. */
    private record Rig(SimDevice dev, StreamPool pool, CachingAllocator a) {
        static Rig of(Class<?> impl, SimDevice dev, CommitGate gate) {
            StreamPool pool = new ImprovedStreamPool(dev, gate, PoolConfig.defaults());
            return new Rig(dev, pool, Instances.allocator(impl, pool, AllocatorConfig.defaults()));
        }

        static Rig of(Class<?> impl, SimDevice dev) {
            return of(impl, dev, new DisabledCommitGate());
        }
    }

    private static void gpu(StreamPool pool, SimDevice dev) {
        for (int i = 0; i < StreamPool.NUM_STREAMS; i++) {
            MpsStream s = pool.peekStream(i);
            if (s != null) {
                s.synchronize(SyncType.COMMIT);
            }
        }
        dev.drain();
    }

    /**
     * Runs {@code op} on a new thread whose current stream is {@code s}; returns its result. The thread ends, as a
     * worker that used a stream of the pool would.
     */
    private static BufferBlock onThread(StreamPool pool, MpsStream s, java.util.function.Supplier<BufferBlock> op)
            throws InterruptedException {
        AtomicReference<BufferBlock> r = new AtomicReference<>();
        AtomicReference<Throwable> err = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                pool.setCurrentStream(s);
                r.set(op.get());
            } catch (Throwable e) {
                err.set(e);
            }
        });
        t.start();
        t.join();
        if (err.get() instanceof AssertionError) {
            throw (AssertionError) err.get();
        }
        Contracts.require(err.get() == null, "a call on " + s + " threw " + err.get());
        return r.get();
    }

    /**
     * A block used on stream B (recordEvents) and freed by its owner on stream A: until the GPU passed B's work, no
     * malloc — the owner's own on A, nor one on C — may return it.
     */
    private static void pendingEvent(Class<?> impl) {
        Rig rig = Rig.of(impl, manual());
        SimDevice dev = rig.dev();
        CachingAllocator a = rig.a();
        StreamPool pool = rig.pool();
        MpsStream sa = pool.getStream(1);
        MpsStream sb = pool.getStream(2);
        MpsStream sc = pool.getStream(3);
        pool.setCurrentStream(sa);
        BufferBlock b = call("malloc", () -> a.malloc(4096, Usage.PRIVATE));
        sa.fill(b.buffer(), 0, 4096, (byte) 1);
        sb.fill(b.buffer(), 0, 4096, (byte) 1); // stream B uses the block ...
        call("recordEvents", () -> a.recordEvents(List.of(b), sb)); // ... and says so
        call("free", () -> a.free(b));
        List<BufferBlock> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(call("malloc on the owner's stream", () -> a.malloc(4096, Usage.PRIVATE)));
        }
        pool.setCurrentStream(sc);
        got.add(call("malloc on a third stream", () -> a.malloc(4096, Usage.PRIVATE)));
        for (BufferBlock g : got) {
            Contracts.require(g != b, b + " handed out again while stream " + sb.index()
                    + "'s recorded use of it had not completed (a pending event ignored)");
        }
        gpu(pool, dev);
        AllocatorContract.audit(a, dev, got, "after the GPU passed the event");
        for (BufferBlock g : got) {
            call("free", () -> a.free(g));
        }
        a.close();
    }

    /**
     * A block whose GPU work on stream A is pending leaves its thread — flushed by its owner, or freed by another
     * thread — and a thread on stream B allocates: it must not get the block before A's work completed.
     */
    private static void reuseAcrossStreams(Class<?> impl) throws InterruptedException {
        Rig rig = Rig.of(impl, manual());
        SimDevice dev = rig.dev();
        CachingAllocator a = rig.a();
        StreamPool pool = rig.pool();
        MpsStream sa = pool.getStream(1);
        MpsStream sb = pool.getStream(2);
        pool.setCurrentStream(sa);
        BufferBlock flushed = call("malloc", () -> a.malloc(8192, Usage.PRIVATE));
        BufferBlock given = call("malloc", () -> a.malloc(8192, Usage.PRIVATE));
        sa.fill(flushed.buffer(), 0, 8192, (byte) 1);
        sa.fill(given.buffer(), 0, 8192, (byte) 1);
        call("free", () -> a.free(flushed));
        call("flushThreadCache", a::flushThreadCache);
        onThread(pool, sb, () -> {
            a.free(given); // another thread frees it: it leaves with a fence of stream A
            return null;
        });
        List<BufferBlock> got = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            got.add(onThread(pool, sb, () -> a.malloc(8192, Usage.PRIVATE)));
        }
        for (BufferBlock g : got) {
            Contracts.require(g != flushed && g != given, g + " reused on stream " + sb.index()
                    + " while stream " + sa.index() + "'s GPU work on it was pending (fence not respected)");
        }
        gpu(pool, dev);
        AllocatorContract.audit(a, dev, got, "after the GPU finished");
        for (BufferBlock g : got) {
            call("free", () -> a.free(g));
        }
        a.close();
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
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> bad = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (!stop.get() && bad.get() == null) {
                long current = a.getCurrentAllocatedMemory();
                AllocatorStats st = a.stats();
                if (current < 0 || st.currentAllocated() < 0) {
                    bad.compareAndSet(null, "bytes in use read as " + current + " / " + st.currentAllocated());
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
        AllocatorContract.audit(a, dev, mine, "after " + ROUNDS * THREADS + " threads came and went");
        for (BufferBlock b : mine) {
            call("free", () -> a.free(b));
        }
        call("emptyCache", a::emptyCache);
        AllocatorContract.consistent(a, 0, "after thread churn");
        Contracts.require(dev.currentAllocatedSize() == 0, "thread churn left " + dev.currentAllocatedSize()
                + " B of heaps after emptyCache");
        a.close();
    }

    /** A thread ends with cached blocks; two threads empty the cache at once: each block comes back exactly once. */
    private static void twoReclaimers(Class<?> impl) throws Exception {
        for (int trial = 0; trial < RECLAIM_TRIALS; trial++) {
            SimDevice dev = new SimDevice();
            CachingAllocator a = AllocatorContract.make(impl, dev);
            Thread dying = new Thread(() -> {
                List<BufferBlock> bs = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    bs.add(a.malloc(4096L << (i % 4), Usage.PRIVATE));
                }
                bs.forEach(a::free);
            });
            dying.start();
            dying.join();
            CyclicBarrier start = new CyclicBarrier(2);
            AtomicReference<Throwable> err = new AtomicReference<>();
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
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
            Contracts.require(err.get() == null, "two threads reclaiming a dead thread's cache at once: " + err.get());
            call("emptyCache", a::emptyCache);
            AllocatorContract.consistent(a, 0, "after two reclaims");
            Contracts.require(dev.currentAllocatedSize() == 0, "after two reclaims " + dev.currentAllocatedSize()
                    + " B of heaps remain");
            a.close();
        }
    }

    /** emptyCache in a loop against threads that allocate, fill, wait for their GPU work, free and flush. */
    private static void emptyCacheAgainstTraffic(Class<?> impl) throws Exception {
        Rig rig = Rig.of(impl, new SimDevice());
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
        a.close();
    }
}
