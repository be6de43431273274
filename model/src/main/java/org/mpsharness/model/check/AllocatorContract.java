package org.mpsharness.model.check;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
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
import org.mpsharness.core.stream.DisabledCommitGate;

/**
 * Contract of a {@link CachingAllocator} (invariants 1, 4, 5, 9 and the out-of-memory ladder), with the lock-order
 * checker on: double free detected, statistics that add up, every heap back after emptyCache — also when a thread ended
 * holding cached blocks — unique ids across threads, and a clear out-of-memory error that leaks nothing.
 */
final class AllocatorContract {
    private AllocatorContract() {
    }

    static void run(Class<?> impl) throws Exception {
        boolean was = LockOrderChecker.enabled();
        LockOrderChecker.setEnabled(true);
        try {
            basics(impl);
            threadEnd(impl);
            ids(impl);
            outOfMemory(impl);
        } finally {
            LockOrderChecker.setEnabled(was);
        }
    }

    private static CachingAllocator make(Class<?> impl, SimDevice dev) {
        StreamPool pool = new ImprovedStreamPool(dev, new DisabledCommitGate(), PoolConfig.defaults());
        return Instances.allocator(impl, pool, AllocatorConfig.defaults());
    }

    private static void consistent(CachingAllocator a, long inUse, String when) {
        AllocatorStats st = a.stats();
        Contracts.require(st.inconsistencies().isEmpty(), "statistics " + when + ": " + st.inconsistencies());
        Contracts.require(st.currentAllocated() == inUse, "current " + st.currentAllocated() + " B " + when
                + ", expected " + inUse);
    }

    private static void basics(Class<?> impl) {
        SimDevice dev = new SimDevice();
        CachingAllocator a = make(impl, dev);
        BufferBlock b = a.malloc(4096, Usage.PRIVATE);
        a.free(b);
        try {
            a.free(b);
            Contracts.require(false, "double free not detected");
        } catch (IllegalStateException expected) {
            // required
        }
        consistent(a, 0, "after a refused double free");
        SplittableRandom rng = new SplittableRandom(11);
        List<BufferBlock> live = new ArrayList<>();
        long inUse = 0;
        for (int i = 0; i < 2_000; i++) {
            if (!live.isEmpty() && rng.nextInt(3) == 0) {
                BufferBlock x = live.remove(rng.nextInt(live.size()));
                inUse -= x.size();
                a.free(x);
            } else {
                BufferBlock x = a.malloc(1L << (9 + rng.nextInt(13)), rng.nextBoolean() ? Usage.PRIVATE
                        : Usage.SHARED);
                inUse += x.size();
                live.add(x);
            }
        }
        consistent(a, inUse, "after 2,000 operations");
        for (BufferBlock x : live) {
            a.free(x);
        }
        a.emptyCache();
        consistent(a, 0, "after freeing everything");
        Contracts.require(a.getTotalAllocatedMemory() == 0 && dev.currentAllocatedSize() == 0,
                "emptyCache left " + dev.currentAllocatedSize() + " B of heaps");
        a.close();
    }

    private static void threadEnd(Class<?> impl) throws Exception {
        SimDevice dev = new SimDevice();
        CachingAllocator a = make(impl, dev);
        AtomicReference<Throwable> err = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                List<BufferBlock> bs = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    bs.add(a.malloc(64 * 1024, Usage.PRIVATE));
                }
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
        a.emptyCache();
        consistent(a, 0, "after a thread ended");
        Contracts.require(dev.currentAllocatedSize() == 0, "blocks of a thread that ended were never returned: "
                + dev.currentAllocatedSize() + " B of heaps still held after emptyCache");
        a.close();
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
        a.close();
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
        a.close();
    }
}
