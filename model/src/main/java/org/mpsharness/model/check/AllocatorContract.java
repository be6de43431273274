package org.mpsharness.model.check;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.mpsharness.core.alloc.AllocSizes;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.AllocatorStats;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.MpsOutOfMemoryException;
import org.mpsharness.core.alloc.Usage;
import org.mpsharness.core.lock.LockOrderChecker;
import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.core.stream.SyncType;
import org.mpsharness.model.lincheck.StatsAudit;

/**
 * Contract of a {@link CachingAllocator} (invariants 1, 2, 4, 5, 9 and the out-of-memory ladder), with the lock-order
 * checker on: double free detected, a flush that moves blocks, statistics that add up, every heap back after
 * emptyCache — also when a thread ended holding cached blocks — unique ids across threads, and a clear out-of-memory
 * error that leaks nothing. The multi-threaded races (thread churn, reclaimers, pending events, reuse across streams,
 * emptyCache against traffic, waits under locks) are in {@link AllocatorStreamRaces} and {@link AllocatorThreadRaces}.
 *
 * <p>An exception the design throws on a valid call is reported as a contract violation naming the call.
 */
final class AllocatorContract {
    private AllocatorContract() {
    }

    static void run(Class<?> impl) throws Exception {
        boolean was = LockOrderChecker.enabled();
        LockOrderChecker.setEnabled(true);
        try {
            basics(impl);
            flushMovesBlocks(impl);
            threadEnd(impl);
            ids(impl);
            outOfMemory(impl);
            closeReleasesEverything(impl);
            AllocatorPolicies.run(impl);
            AllocatorStreamRaces.run(impl);
            AllocatorThreadRaces.run(impl);
        } finally {
            LockOrderChecker.setEnabled(was);
        }
    }

    static CachingAllocator make(Class<?> impl, SimDevice dev) {
        return make(impl, dev, new DisabledCommitGate());
    }

    static CachingAllocator make(Class<?> impl, SimDevice dev, CommitGate gate) {
        StreamPool pool = new ImprovedStreamPool(dev, gate, PoolConfig.defaults());
        return Instances.allocator(impl, pool, AllocatorConfig.forChecks());
    }

    /** Runs a call of the design; an exception it throws becomes a contract violation naming the call. */
    static <T> T call(String what, Supplier<T> op) {
        try {
            return op.get();
        } catch (RuntimeException e) {
            throw new AssertionError("contract violated: " + what + " threw " + e, e);
        }
    }

    static void call(String what, Runnable op) {
        call(what, () -> {
            op.run();
            return null;
        });
    }

    static void consistent(CachingAllocator a, long inUse, String when) {
        AllocatorStats st = a.stats();
        Contracts.require(st.inconsistencies().isEmpty(), "statistics " + when + ": " + st.inconsistencies());
        Contracts.require(st.currentAllocated() == inUse, "current " + st.currentAllocated() + " B " + when
                + ", expected " + inUse);
    }

    /** Statistics against the held blocks and the device, the GPU idle (see {@link StatsAudit}). */
    static void audit(CachingAllocator a, SimDevice dev, List<BufferBlock> held, String when) {
        dev.drain();
        a.freeInactiveBuffers();
        long inUse = 0;
        for (BufferBlock b : held) {
            inUse += b.size();
        }
        try {
            StatsAudit.against(a.stats(), inUse, held, dev);
        } catch (IllegalStateException e) {
            throw new AssertionError("contract violated: " + when + ": " + e.getMessage(), e);
        }
    }

    private static void basics(Class<?> impl) {
        SimDevice dev = new SimDevice();
        CachingAllocator a = make(impl, dev);
        BufferBlock b = call("malloc", () -> a.malloc(4096, Usage.PRIVATE));
        call("free", () -> a.free(b));
        try {
            a.free(b);
            Contracts.require(false, "double free not detected");
        } catch (IllegalStateException expected) {
            // required
        }
        consistent(a, 0, "after a refused double free");
        SplittableRandom rng = new SplittableRandom(11);
        List<BufferBlock> live = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            int op = rng.nextInt(6);
            if (!live.isEmpty() && op < 2) {
                BufferBlock x = live.remove(rng.nextInt(live.size()));
                call("free", () -> a.free(x));
            } else if (op == 2) {
                call("flushThreadCache", a::flushThreadCache);
            } else {
                long size = 1L << (9 + rng.nextInt(13));
                Usage u = rng.nextBoolean() ? Usage.PRIVATE : Usage.SHARED;
                live.add(call("malloc", () -> a.malloc(size, u)));
            }
        }
        requireDistinct(live, "after 2,000 operations");
        audit(a, dev, live, "after 2,000 operations");
        for (BufferBlock x : live) {
            call("free", () -> a.free(x));
        }
        call("emptyCache", a::emptyCache);
        consistent(a, 0, "after freeing everything");
        Contracts.require(a.getTotalAllocatedMemory() == 0 && dev.currentAllocatedSize() == 0,
                "emptyCache left " + dev.currentAllocatedSize() + " B of heaps");
        call("close", a::close);
    }

    static void requireDistinct(List<BufferBlock> blocks, String when) {
        Map<BufferBlock, Boolean> seen = new IdentityHashMap<>();
        for (BufferBlock b : blocks) {
            Contracts.require(seen.put(b, Boolean.TRUE) == null, b + " handed to two callers " + when);
            Contracts.require(b.state() == BufferBlock.IN_USE, b + " held but " + BufferBlock.stateName(b.state())
                    + " " + when);
        }
    }

    /** A flush moves the cached blocks to the shared pools: two mallocs after it never get one block twice. */
    private static void flushMovesBlocks(Class<?> impl) {
        SimDevice dev = new SimDevice();
        CachingAllocator a = make(impl, dev);
        List<BufferBlock> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(call("malloc", () -> a.malloc(8192, Usage.PRIVATE)));
        }
        for (BufferBlock b : held) {
            call("free", () -> a.free(b));
        }
        held.clear();
        call("flushThreadCache", a::flushThreadCache);
        for (int i = 0; i < 6; i++) {
            held.add(call("malloc after a flush", () -> a.malloc(8192, Usage.PRIVATE)));
        }
        requireDistinct(held, "after a flush");
        audit(a, dev, held, "after a flush and six mallocs");
        for (BufferBlock b : held) {
            call("free", () -> a.free(b));
        }
        call("close", a::close);
    }

    /**
     * A thread that allocates, frees into its cache, hands a block to the main thread and frees one of the main
     * thread's blocks, then ends without flushing: emptyCache must give every heap back once the main thread freed its
     * blocks, and the statistics must count the ended thread's mallocs and frees exactly.
     */
    private static void threadEnd(Class<?> impl) throws Exception {
        SimDevice dev = new SimDevice();
        CachingAllocator a = make(impl, dev);
        BufferBlock mine = call("malloc", () -> a.malloc(4096, Usage.PRIVATE));
        List<BufferBlock> handed = new ArrayList<>();
        AtomicReference<Throwable> err = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                List<BufferBlock> bs = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    bs.add(a.malloc(64 * 1024, Usage.PRIVATE));
                }
                a.free(mine); // a free of the main thread's block
                handed.add(a.malloc(256 * 1024, Usage.PRIVATE)); // a block the main thread frees later
                for (BufferBlock x : bs) {
                    a.free(x); // and the thread ends without flushing anything
                }
            } catch (Throwable e) {
                err.set(e);
            }
        });
        t.start();
        t.join();
        Contracts.require(err.get() == null, "worker failed: " + err.get());
        audit(a, dev, handed, "after a thread ended");
        call("free", () -> a.free(handed.get(0)));
        call("emptyCache", a::emptyCache);
        consistent(a, 0, "after a thread ended");
        Contracts.require(dev.currentAllocatedSize() == 0, "blocks of a thread that ended were never returned: "
                + dev.currentAllocatedSize() + " B of heaps still held after emptyCache");
        call("close", a::close);
    }

    private static void ids(Class<?> impl) throws Exception {
        SimDevice dev = new SimDevice();
        CachingAllocator a = make(impl, dev);
        int threads = 4;
        List<List<BufferBlock>> got = new ArrayList<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<BufferBlock> mine = new ArrayList<>();
            got.add(mine);
            Thread th = new Thread(() -> {
                for (int i = 0; i < 300; i++) {
                    mine.add(a.malloc(512L << (i % 4), Usage.PRIVATE));
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        Map<BufferBlock, Boolean> seen = new IdentityHashMap<>();
        java.util.Set<Long> idSet = new java.util.HashSet<>();
        for (List<BufferBlock> l : got) {
            for (BufferBlock b : l) {
                Contracts.require(seen.put(b, Boolean.TRUE) == null, b + " handed to two callers");
                Contracts.require(idSet.add(b.id()), "buffer id " + b.id() + " not unique");
            }
        }
        for (List<BufferBlock> l : got) {
            for (BufferBlock b : l) {
                a.free(b);
            }
        }
        call("close", a::close);
    }

    private static void outOfMemory(Class<?> impl) {
        SimDevice dev = new SimDevice();
        dev.faults().oomAfterBytes(2 * AllocSizes.SMALL_HEAP);
        CachingAllocator a = make(impl, dev);
        List<BufferBlock> got = new ArrayList<>();
        MpsOutOfMemoryException oom = null;
        try {
            for (int i = 0; i < 100; i++) {
                got.add(a.malloc(AllocSizes.MiB, Usage.PRIVATE));
            }
        } catch (MpsOutOfMemoryException e) {
            oom = e;
        }
        Contracts.require(oom != null && oom.getMessage().contains("out of memory"), "no clear out-of-memory error");
        for (BufferBlock b : got) {
            a.free(b);
        }
        a.emptyCache();
        Contracts.require(dev.currentAllocatedSize() == 0, "out of memory leaked " + dev.currentAllocatedSize() + " B");
        call("close", a::close);
    }

    /**
     * Events do not pile up and close() gives every device object back. One block of the default stream is used by a
     * worker stream a hundred times (recordEvents, the GPU passes the event, free, malloc again): completed events go
     * back, so a handful exist at any time, not one per use. Then a block in this thread's cache, one in the shared
     * pools, the heap bytes reported (the device's), and close. Written for mutants of the improved allocator that
     * every other check let through (PIT, 2026-11-30): free keeping completed events, close without emptying the
     * cache, getTotalAllocatedMemory answering 0.
     */
    private static void closeReleasesEverything(Class<?> impl) {
        final int uses = 100;
        SimDevice dev = new SimDevice();
        StreamPool pool = new ImprovedStreamPool(dev, new DisabledCommitGate(), PoolConfig.defaults());
        CachingAllocator a = Instances.allocator(impl, pool, AllocatorConfig.forChecks());
        int slot = pool.acquireSlot(); // this thread's current stream stays the default one: blocks are allocated there
        MpsStream other = pool.getStream(slot);
        for (int i = 0; i < uses; i++) {
            BufferBlock b = call("malloc", () -> a.malloc(4096, Usage.SHARED));
            other.fill(b.buffer(), 0, 4096, (byte) i);
            Contracts.require(call("recordEvents", () -> a.recordEvents(List.of(b), other)),
                    "recordEvents on another stream than the block's recorded nothing");
            other.synchronize(SyncType.COMMIT_AND_WAIT);
            dev.drain();
            call("free", () -> a.free(b));
        }
        long events = dev.liveResources().events();
        Contracts.require(events <= 16, events + " device events alive after one block was used by another stream "
                + uses + " times, each event passed before the next use: completed events are kept, not given back");
        BufferBlock cached = call("malloc", () -> a.malloc(8192, Usage.PRIVATE));
        call("free", () -> a.free(cached));
        BufferBlock large = call("malloc", () -> a.malloc(4 * AllocSizes.MiB, Usage.PRIVATE));
        call("free", () -> a.free(large));
        long heaps = a.getTotalAllocatedMemory();
        Contracts.require(heaps > 0 && heaps == dev.currentAllocatedSize(), "getTotalAllocatedMemory() = " + heaps
                + " B while the device holds " + dev.currentAllocatedSize() + " B of heaps");
        call("close", a::close);
        pool.releaseStreamSlot(slot);
        pool.close();
        Contracts.require(dev.liveResources().isZero(), "device objects alive after the allocator (with cached, "
                + "pooled and event-carrying free blocks) and its pool closed: " + dev.liveResources());
    }
}
