package org.mpsharness.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.Usage;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.SlotLease;
import org.mpsharness.core.workload.RunChecks;
import org.mpsharness.core.workload.SizeMix;

/**
 * The allocator workload of peers.md, so that our figures sit beside PyTorch's on the same GPU: each thread owns a
 * stream (a worker slot); sizes 80% 512 B..1 MiB and 20% 2..32 MiB (powers of two); 8 live blocks per thread, slot
 * {@code i % 8} freed then re-allocated; one op = one alloc + one free. No GPU work, no events — the allocator's own
 * cost, including its device calls when it must create heaps.
 *
 * <p>Each point: a warm-up, then {@code rounds} timed windows of {@code seconds}; the best window is reported (as
 * peers.md did). The runtime is closed afterwards and must leak nothing.
 */
public final class AllocBench {

    /** One measured point. */
    public record Point(String design, int threads, double opsPerSecond, List<Double> rounds, List<String> leaks) {
    }

    private AllocBench() {
    }

    public static Point run(DesignSet design, Supplier<Device> devices, int threads, double seconds, int rounds)
            throws Exception {
        Device dev = devices.get();
        // watermarks off: peers.md measured allocators without a memory limit
        MpsRuntime rt = MpsRuntime.create(design, dev, PoolConfig.defaults(),
                AllocatorConfig.defaults().withWatermarks(0, 0), Map.of());
        CachingAllocator a = rt.allocator();
        SizeMix mix = SizeMix.peers();
        AtomicLongArray counts = new AtomicLongArray(threads * 16); // one cache line per thread
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CyclicBarrier ready = new CyclicBarrier(threads + 1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try (SlotLease lease = rt.pool().lease()) {
                    SplittableRandom rng = new SplittableRandom(1234 + id);
                    BufferBlock[] live = new BufferBlock[8];
                    ready.await();
                    long n = 0;
                    while (!stop.get()) {
                        for (int k = 0; k < 64; k++) {
                            int i = (int) (n & 7);
                            if (live[i] != null) {
                                a.free(live[i]);
                            }
                            live[i] = a.malloc(mix.next(rng), Usage.PRIVATE);
                            n++;
                        }
                        counts.lazySet(id * 16, n); // release store of its own counter; the reader samples it
                    }
                    for (BufferBlock b : live) {
                        if (b != null) {
                            a.free(b);
                        }
                    }
                    a.flushThreadCache();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-" + t);
            ts.add(th);
            th.start();
        }
        ready.await();
        Thread.sleep((long) (Math.max(1, seconds) * 1000)); // warm-up: JIT and the caches
        List<Double> measured = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long before = sum(counts, threads);
            long t0 = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            long ops = sum(counts, threads) - before;
            measured.add(ops * 1e9 / (System.nanoTime() - t0));
        }
        stop.set(true);
        for (Thread th : ts) {
            th.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("benchmark thread failed", failure.get());
        }
        a.emptyCache();
        List<String> leaks = new ArrayList<>(RunChecks.closeAndCheck(rt));
        dev.close();
        double best = measured.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return new Point(design.name(), threads, best, measured, leaks);
    }

    private static long sum(AtomicLongArray counts, int threads) {
        long s = 0;
        for (int t = 0; t < threads; t++) {
            s += counts.get(t * 16);
        }
        return s;
    }
}
