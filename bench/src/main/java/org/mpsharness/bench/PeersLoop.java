package org.mpsharness.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.mpsharness.core.workload.SizeMix;

/**
 * The timing loop of the peers.md allocator workload, shared by everything {@code bench alloc} puts side by side (our
 * designs, CUDA's stream-ordered pool), so that a ratio between two rows compares allocators and never two loops:
 * each thread keeps 8 live blocks, frees slot {@code i % 8} and allocates it again with a size from
 * {@link SizeMix#peers()} (seeded per thread); one op = one alloc + one free. After a warm-up window the rate is
 * sampled in {@code rounds} windows of {@code seconds}; the caller reports the best (as peers.md did).
 *
 * <p>Why threads publish their own counter every 64 ops with a release store instead of a shared counter: a shared
 * counter would be the one contended line of the benchmark and cap the very scaling it measures.
 */
public final class PeersLoop {
    /** Live blocks per thread (peers.md). */
    public static final int LIVE = 8;
    private static final int STRIDE = 16; // longs between two threads' counters: 128 bytes, one line on every target

    /** What one thread allocates from, opened and closed on that thread (contexts, leases and streams are per thread). */
    public interface Subject {
        Slots open(int thread) throws Exception;
    }

    /** One thread's {@value #LIVE} live blocks. */
    public interface Slots extends AutoCloseable {
        /** Frees the block in {@code slot} if there is one, then allocates {@code bytes} into it. */
        void replace(int slot, long bytes) throws Exception;

        /** Frees every live block and anything the thread holds; the loop calls it on the thread that opened. */
        @Override
        void close() throws Exception;
    }

    private PeersLoop() {
    }

    /** The measured windows, in ops/s over all threads, in the order they ran. */
    public static List<Double> run(Subject subject, int threads, double seconds, int rounds) throws Exception {
        SizeMix mix = SizeMix.peers();
        AtomicLongArray counts = new AtomicLongArray(threads * STRIDE);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch opened = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                Slots opening = null;
                try {
                    opening = subject.open(id);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    opened.countDown();
                }
                if (opening == null) {
                    return;
                }
                try (Slots slots = opening) {
                    SplittableRandom rng = new SplittableRandom(1234 + id);
                    start.await();
                    long n = 0;
                    while (!stop.get()) {
                        for (int k = 0; k < 64; k++) {
                            slots.replace((int) (n & (LIVE - 1)), mix.next(rng));
                            n++;
                        }
                        counts.lazySet(id * STRIDE, n); // release store of its own counter: C++ memory_order_release
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-" + t);
            ts.add(th);
            th.start();
        }
        List<Double> measured = new ArrayList<>();
        try {
            opened.await();
            start.countDown();
            if (failure.get() == null) {
                sleep(Math.max(1, seconds)); // warm-up: JIT, caches, the allocator's pools
            }
            for (int r = 0; r < rounds && failure.get() == null; r++) {
                long before = sum(counts, threads);
                long t0 = System.nanoTime();
                sleep(seconds);
                long ops = sum(counts, threads) - before;
                measured.add(ops * 1e9 / (System.nanoTime() - t0));
            }
        } finally {
            stop.set(true);
            start.countDown();
            for (Thread th : ts) {
                th.join();
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("benchmark thread failed: " + failure.get(), failure.get());
        }
        return measured;
    }

    private static void sleep(double seconds) throws InterruptedException {
        Thread.sleep(Math.max(1, Math.round(seconds * 1000)));
    }

    private static long sum(AtomicLongArray counts, int threads) {
        long s = 0;
        for (int t = 0; t < threads; t++) {
            s += counts.get(t * STRIDE); // acquire load of each thread's counter: C++ memory_order_acquire
        }
        return s;
    }
}
