package org.mpsharness.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.mpsharness.core.workload.SizeMix;

/**
 * The Java bookkeeping bound of peers.md, measured with the same loop as {@link AllocBench}: what an allocator's free
 * lists alone cost when there is no device, no stream, no event, no statistics and no checking. It is the ceiling the
 * improved allocator is compared with (issue: within 3x of it at every thread count), not a design.
 *
 * <p>Shape (as peers.md describes it): per size class (power of two) a thread-local bin of at most {@value #BIN}
 * blocks in front of a shared free list under one lock per class; a miss in both makes a new block. Blocks are plain
 * objects with a size, so a block handed from bin to bin costs only the reference moves. Same workload: sizes from
 * {@link SizeMix#peers()}, 8 live blocks per thread, slot {@code i % 8} freed and then allocated again; one op = one
 * alloc + one free.
 */
public final class BookkeepingBound {
    /** Blocks per thread-local bin (peers.md: 64 per class). */
    static final int BIN = 64;
    private static final int CLASSES = 64;

    private BookkeepingBound() {
    }

    /** A block: only its size class matters here. */
    private static final class Block {
        final int sizeClass;

        Block(int sizeClass) {
            this.sizeClass = sizeClass;
        }
    }

    /** The shared level: one free list and one lock per size class. */
    private static final class Shared {
        final ReentrantLock[] locks = new ReentrantLock[CLASSES];
        final ArrayList<List<Block>> free = new ArrayList<>();

        Shared() {
            for (int c = 0; c < CLASSES; c++) {
                locks[c] = new ReentrantLock();
                free.add(new ArrayList<>());
            }
        }

        Block take(int c) {
            locks[c].lock();
            try {
                List<Block> l = free.get(c);
                return l.isEmpty() ? null : l.remove(l.size() - 1);
            } finally {
                locks[c].unlock();
            }
        }

        void put(Block b) {
            locks[b.sizeClass].lock();
            try {
                free.get(b.sizeClass).add(b);
            } finally {
                locks[b.sizeClass].unlock();
            }
        }
    }

    /** One thread's bins: plain arrays, touched by their owner only. */
    private static final class Bins {
        final Block[][] bins = new Block[CLASSES][BIN];
        final int[] counts = new int[CLASSES];
        final Shared shared;

        Bins(Shared shared) {
            this.shared = shared;
        }

        Block malloc(long size) {
            int c = 64 - Long.numberOfLeadingZeros(size - 1);
            int n = counts[c];
            if (n > 0) {
                counts[c] = n - 1;
                return bins[c][n - 1];
            }
            Block b = shared.take(c);
            return b != null ? b : new Block(c);
        }

        void free(Block b) {
            int c = b.sizeClass;
            int n = counts[c];
            if (n < BIN) {
                bins[c][n] = b;
                counts[c] = n + 1;
            } else {
                shared.put(b);
            }
        }
    }

    /** Best of {@code rounds} windows of {@code seconds}, after a warm-up of the same length, in ops/s. */
    public static AllocBench.Point run(int threads, double seconds, int rounds) throws Exception {
        Shared shared = new Shared();
        SizeMix mix = SizeMix.peers();
        AtomicLongArray counts = new AtomicLongArray(threads * 16); // one 128-byte line per thread
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CyclicBarrier ready = new CyclicBarrier(threads + 1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    Bins bins = new Bins(shared);
                    SplittableRandom rng = new SplittableRandom(1234 + id);
                    Block[] live = new Block[8];
                    ready.await();
                    long n = 0;
                    while (!stop.get()) {
                        for (int k = 0; k < 64; k++) {
                            int i = (int) (n & 7);
                            if (live[i] != null) {
                                bins.free(live[i]);
                            }
                            live[i] = bins.malloc(mix.next(rng));
                            n++;
                        }
                        counts.lazySet(id * 16, n); // release store of its own counter; the reader samples it
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bound-" + t);
            ts.add(th);
            th.start();
        }
        ready.await();
        Thread.sleep((long) (Math.max(1, seconds) * 1000));
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
            throw new IllegalStateException("bound thread failed", failure.get());
        }
        double best = measured.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return new AllocBench.Point("bound", threads, best, measured, List.of());
    }

    private static long sum(AtomicLongArray counts, int threads) {
        long s = 0;
        for (int t = 0; t < threads; t++) {
            s += counts.get(t * 16);
        }
        return s;
    }
}
