package org.mpsharness.core.alloc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import org.mpsharness.core.CacheLines;
import org.mpsharness.core.stream.MpsStream;

/**
 * One thread's state in the improved allocator: its cache of free blocks per pool and power-of-two size class, the
 * memo of its request sizes, and its stripe of the statistics. One object, found with one thread-local lookup per
 * operation. Public only so that the allocator's protected seams can name it; everything in it is package-private.
 *
 * <p>What the cache keeps (invariants 1 and 2): a block is in at most one cache; every cached block is reusable on
 * {@link #stream} without a fence (freed on it by this thread with no event pending, or taken from a shared pool for
 * it), so handing it out again there needs no fence (stream order). When the thread's current stream changes, or the
 * cache overflows, blocks go to the shared pools with a fence of their stream. Bounded by blocks per class, bytes per
 * class and bytes per thread.
 *
 * <p>Statistics stripe (invariant 4): {@code mallocBytes} and {@code freeBytes} only grow, each written by one thread
 * at a time (the owner, or the reclaimer of a dead owner's cache) with release stores and read by anyone with acquire
 * loads (C++: {@code store(release)} / {@code load(acquire)}); readers sum frees first (see {@link ThreadCaches}). The
 * cached bytes per pool are a gauge with the same orders: each value a reader sees was the stripe's real state, so a
 * sum of them is never negative. A plain store would do on x86 but not on Arm, where a reader could see a counter
 * before the writes that preceded it (the block's hand-over).
 *
 * <p>Only the owner thread touches the bins while {@link #state} is ACTIVE. A reclaimer takes over a dead owner's
 * cache by CAS ACTIVE&rarr;RECLAIMED (the owner is dead, so it cannot race).
 *
 * <p>Layout against false sharing: everything written on the hot path lives in arrays padded with
 * {@link CacheLines#BYTES} on both sides, as caches of different threads may sit side by side after a collection.
 */
public final class ThreadCache {
    static final int ACTIVE = 0;
    static final int RECLAIMED = 1;
    /** Size classes per pool: class c holds sizes in (2^(c-1), 2^c]. */
    static final int CLASSES = 64;
    private static final int KINDS = PoolKind.values().length;
    private static final VarHandle STATE;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ThreadCache.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ---- the hot counters, one padded array: [pad | malloc, free, cached total, cached per kind | pad]
    private static final int MALLOC = CacheLines.LONGS;
    private static final int FREE = MALLOC + 1;
    private static final int TOTAL = MALLOC + 2;
    private static final int KIND0 = MALLOC + 3;
    private final long[] hot = new long[KIND0 + KINDS + CacheLines.LONGS];

    // ---- bins: index = kind * CLASSES + class; each bin array padded with O slots on both sides
    private static final int O = CacheLines.REFS;
    private static final int CI = CacheLines.INTS;
    private final BufferBlock[][] bins = new BufferBlock[KINDS * CLASSES][];
    private final int[] counts = new int[CI + KINDS * CLASSES + CI];
    /** Bins that have an array, so that draining visits only those (a handful, not 320). */
    private final int[] usedBins = new int[KINDS * CLASSES];
    private int usedCount;

    // ---- memo of request size and usage -> (aligned size << BIN_BITS | bin); direct-mapped, no allocation
    private static final int ROUND_SLOTS = 64;
    private static final int BIN_BITS = 9;
    private static final int USAGES = Usage.values().length;
    private final long[] memo = new long[CacheLines.LONGS + ROUND_SLOTS * (1 + USAGES) + CacheLines.LONGS];

    final Thread owner;
    /** Stream every cached block is reusable on; changed only by the owner, after flushing. */
    MpsStream stream;
    private final int binCapacity;
    /** Bytes one size class may hold: large classes keep fewer blocks, so no class starves the others. */
    private final long binBytes;
    private final long maxBytes;
    private final long maxBlock;
    @SuppressWarnings("unused") // through STATE
    private volatile int state;

    ThreadCache(Thread owner, int binCapacity, long maxBytes, long maxBlock) {
        this.owner = owner;
        this.binCapacity = binCapacity;
        this.binBytes = Math.max(maxBlock * 2, maxBytes / 8);
        this.maxBytes = maxBytes;
        this.maxBlock = maxBlock;
    }

    /** ceil(log2(size)): the class holding sizes in (2^(c-1), 2^c]. */
    static int sizeClass(long size) {
        return 64 - Long.numberOfLeadingZeros(size - 1);
    }

    /** The bin of blocks of pool {@code k} and aligned size {@code size}. */
    static int bin(PoolKind k, long size) {
        return k.ordinal() * CLASSES + sizeClass(size);
    }

    /** Pool kind of a bin. */
    static int kindOf(int bin) {
        return bin / CLASSES;
    }

    // ------------------------------------------------------------------ memo (owner only)

    private static int slot(long size) {
        return (int) (Long.hashCode(size * 0x9E3779B97F4A7C15L) & (ROUND_SLOTS - 1));
    }

    /** The memoised (aligned size, bin) of a request, packed by {@link #pack}, or 0 when not known. */
    long lookup(long size, Usage usage) {
        int s = slot(size);
        int base = CacheLines.LONGS + s * (1 + USAGES);
        return memo[base] == size ? memo[base + 1 + usage.ordinal()] : 0;
    }

    void remember(long size, Usage usage, long packed) {
        int s = slot(size);
        int base = CacheLines.LONGS + s * (1 + USAGES);
        if (memo[base] != size) {
            memo[base] = size;
            for (int u = 0; u < USAGES; u++) {
                memo[base + 1 + u] = 0;
            }
        }
        memo[base + 1 + usage.ordinal()] = packed;
    }

    static long pack(long aligned, int bin) {
        return aligned << BIN_BITS | bin;
    }

    static long alignedOf(long packed) {
        return packed >>> BIN_BITS;
    }

    static int binOf(long packed) {
        return (int) (packed & ((1 << BIN_BITS) - 1));
    }

    // ------------------------------------------------------------------ bins (owner, or the reclaimer)

    /**
     * A cached block of bin {@code bin} and at least {@code size} bytes (most recently freed first), or null.
     *
     * <p>No reference is stored when the block taken is the last one (the common case): slots beyond the count keep a
     * stale reference instead of being nulled. Reference stores cost a GC write barrier (a card-table write shared
     * between threads), which is what limited scaling, not the bookkeeping itself.
     */
    BufferBlock take(int bin, long size) {
        int n = counts[CI + bin];
        if (n == 0) {
            return null;
        }
        BufferBlock[] arr = bins[bin];
        for (int i = O + n - 1; i >= O; i--) {
            BufferBlock b = arr[i];
            if (b.size >= size) {
                if (i != O + n - 1) {
                    arr[i] = arr[O + n - 1];
                    arr[O + n - 1] = b;
                }
                counts[CI + bin] = n - 1;
                cachedOut(bin, b.size);
                return b;
            }
        }
        return null;
    }

    /** Caches {@code b} if the bounds allow; false when it must go elsewhere. */
    boolean offer(BufferBlock b) {
        if (binCapacity == 0 || b.size > maxBlock || hot[TOTAL] + b.size > maxBytes) {
            return false;
        }
        int bin = bin(b.pool, b.size);
        int n = counts[CI + bin];
        if (n >= binCapacity || (n > 0 && (long) (n + 1) * b.size > binBytes)) {
            return false;
        }
        BufferBlock[] arr = bins[bin];
        if (arr == null) {
            arr = new BufferBlock[O + binCapacity + O];
            bins[bin] = arr;
            usedBins[usedCount++] = bin;
        }
        if (arr[O + n] != b) {
            arr[O + n] = b; // often the very block taken last from this slot: no store, no write barrier
        }
        counts[CI + bin] = n + 1;
        cachedIn(bin, b.size);
        return true;
    }

    /** Removes the older half (at least one) of {@code b}'s class, to make room. */
    List<BufferBlock> evictHalf(PoolKind k, long size) {
        int bin = bin(k, size);
        int n = counts[CI + bin];
        int drop = Math.max(1, n / 2);
        List<BufferBlock> out = new ArrayList<>(drop);
        if (n == 0) {
            return out;
        }
        BufferBlock[] arr = bins[bin];
        for (int i = O; i < O + drop; i++) {
            out.add(arr[i]);
            cachedOut(bin, arr[i].size);
        }
        System.arraycopy(arr, O + drop, arr, O, n - drop);
        for (int i = O + n - drop; i < O + n; i++) {
            arr[i] = null;
        }
        counts[CI + bin] = n - drop;
        return out;
    }

    /** Removes every cached block. */
    List<BufferBlock> drainAll() {
        if (hot[TOTAL] == 0) {
            return List.of(); // nothing cached: no allocation (a rebind of an empty cache is common)
        }
        List<BufferBlock> out = new ArrayList<>();
        for (int u = 0; u < usedCount; u++) {
            int bin = usedBins[u];
            int n = counts[CI + bin];
            for (int i = O; i < O + n; i++) {
                out.add(bins[bin][i]);
                cachedOut(bin, bins[bin][i].size);
                bins[bin][i] = null;
            }
            counts[CI + bin] = 0;
        }
        return out;
    }

    // ------------------------------------------------------------------ statistics stripe

    private void add(int i, long delta) {
        LONGS.setRelease(hot, i, hot[i] + delta); // single writer: its own last value, then publish (C++: release)
    }

    private void cachedIn(int bin, long size) {
        hot[TOTAL] += size; // owner only, never read by others
        add(KIND0 + kindOf(bin), size);
    }

    private void cachedOut(int bin, long size) {
        hot[TOTAL] -= size;
        add(KIND0 + kindOf(bin), -size);
    }

    /** A malloc of {@code size} bytes by this thread (from its cache or not). */
    void countMalloc(long size) {
        add(MALLOC, size);
    }

    /** A free of {@code size} bytes by this thread (to its cache or not). */
    void countFree(long size) {
        add(FREE, size);
    }

    long mallocBytes() {
        return (long) LONGS.getAcquire(hot, MALLOC); // C++: load(acquire), pairs with the owner's release store
    }

    long freeBytes() {
        return (long) LONGS.getAcquire(hot, FREE); // C++: load(acquire)
    }

    /** Bytes of pool {@code kind} held in this cache now. */
    long cachedBytes(int kind) {
        return (long) LONGS.getAcquire(hot, KIND0 + kind); // C++: load(acquire)
    }

    // ------------------------------------------------------------------ ownership

    boolean isActive() {
        return (int) STATE.getAcquire(this) == ACTIVE; // C++: load(acquire)
    }

    /**
     * Takes over the cache of a dead owner; true for exactly one caller. Acquire would do (the winner reads the dead
     * owner's cache); Java's compareAndSet is sequentially consistent and the port runs what was checked.
     */
    boolean reclaim() {
        return STATE.compareAndSet(this, ACTIVE, RECLAIMED); // C++: compare_exchange_strong(seq_cst)
    }

    @Override
    public String toString() {
        return "ThreadCache[" + owner.getName() + ", " + hot[TOTAL] + " B cached]";
    }
}
