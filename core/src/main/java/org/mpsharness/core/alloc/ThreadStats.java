package org.mpsharness.core.alloc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's stripe of the allocator's statistics: monotonic byte and block counters, each written by one thread
 * at a time (its owner, or the reclaimer of a dead owner's cache) and read by anyone. No shared counter is touched on
 * the hot path (peers.md: any state every operation touches puts the contention back).
 *
 * <p>Why "never negative" holds without a lock: every counter only grows; a reader sums all <em>free-side</em> counters
 * of all stripes first, with acquire loads, and the <em>malloc-side</em> ones afterwards. A free that the reader saw was
 * published (release store) after the malloc of the same block (which happened before the block changed hands), so the
 * reader's later acquire loads see that malloc too: Σ mallocs ≥ Σ frees for every block counted.
 * C++: {@code store(memory_order_release)} by the writer, {@code load(memory_order_acquire)} by readers.
 */
final class ThreadStats {
    static final int MALLOC = 0;
    static final int FREE = 1;
    static final int CACHE_IN = 2;
    static final int CACHE_OUT = 3;
    private static final int FIELDS = 4;
    private static final int KINDS = PoolKind.values().length;
    /** Padding (in longs) before and after the counters, against false sharing with a neighbour stripe. */
    private static final int PAD = 8;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] c = new long[PAD + KINDS * FIELDS + PAD];

    private void add(int i, long delta) {
        long v = (long) LONGS.get(c, PAD + i); // single writer: its own last value
        LONGS.setRelease(c, PAD + i, v + delta);
    }

    private long read(int i) {
        return (long) LONGS.getAcquire(c, PAD + i);
    }

    void malloc(PoolKind k, long bytes, boolean fromCache) {
        add(k.ordinal() * FIELDS + MALLOC, bytes);
        if (fromCache) {
            add(k.ordinal() * FIELDS + CACHE_OUT, bytes);
        }
    }

    void free(PoolKind k, long bytes, boolean toCache) {
        if (toCache) {
            add(k.ordinal() * FIELDS + CACHE_IN, bytes);
        }
        add(k.ordinal() * FIELDS + FREE, bytes);
    }

    /** Blocks moved from the cache to a shared pool. */
    void flushed(PoolKind k, long bytes) {
        add(k.ordinal() * FIELDS + CACHE_OUT, bytes);
    }

    long get(PoolKind k, int field) {
        return read(k.ordinal() * FIELDS + field);
    }

}
