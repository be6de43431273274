package org.mpsharness.core.alloc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import org.mpsharness.core.stream.MpsStream;

/**
 * One thread's cache of free blocks, per pool and power-of-two size class, in front of the shared pools.
 *
 * <p>What it keeps (invariants 1 and 2): a block is in at most one cache; every cached block was allocated on
 * {@link #stream} and freed by this thread with no event pending on another stream, so handing it out again on that
 * stream needs no fence (stream order). When the thread's current stream changes, or the cache overflows, blocks go
 * to the shared pools with a fence of their stream. Bounded by blocks per class and bytes per thread.
 *
 * <p>Only the owner thread touches the bins while {@link #state} is ACTIVE. A reclaimer takes over a dead owner's
 * cache by CAS ACTIVE&rarr;RECLAIMED (the owner is dead, so it cannot race), which also hands it the stats stripe.
 */
final class ThreadCache {
    static final int ACTIVE = 0;
    static final int RECLAIMED = 1;
    private static final int CLASSES = 64;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ThreadCache.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread owner;
    final ThreadStats stats = new ThreadStats();
    /** Stream of every cached block; changed only by the owner, after flushing. */
    MpsStream stream;
    /** Slots of padding at both ends of the per-thread arrays written on the hot path (see {@link #bytes}). */
    private static final int PAD = 16;
    /** Offset of the first slot inside each bin's array (padding on both sides). */
    private static final int O = 8;
    private final BufferBlock[][] bins = new BufferBlock[PAD + PoolKind.values().length * CLASSES + PAD][];
    private final int[] counts = new int[bins.length]; // indices start at PAD
    /** Indices of bins that have an array, so that draining visits only those (a handful, not 320). */
    private final int[] usedBins = new int[bins.length];
    private int usedCount;
    private final int binCapacity;
    /** Bytes one size class may hold: large classes keep fewer blocks, so no class starves the others. */
    private final long binBytes;
    /** Per-thread memo of request size → aligned size (direct-mapped, no allocation, no sharing). */
    private final long[] roundKeys = new long[ROUND_SLOTS];
    private final long[] roundValues = new long[ROUND_SLOTS * 2];
    private static final int ROUND_SLOTS = 64;
    private final long maxBytes;
    private final long maxBlock;
    /**
     * Cached bytes, kept in the middle of a padded array: it is written on every take and offer, and after a garbage
     * collection the caches of different threads may sit next to each other.
     */
    private final long[] bytes = new long[2 * 8 + 1];
    private static final int BYTES = 8;
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

    private static int bin(PoolKind k, long size) {
        return PAD + k.ordinal() * CLASSES + sizeClass(size);
    }

    /**
     * A cached block of kind {@code k} and at least {@code size} bytes (most recently freed first), or null.
     *
     * <p>No reference is stored when the block taken is the last one (the common case): slots beyond the count keep a
     * stale reference instead of being nulled. Reference stores cost a GC write barrier (a card-table write shared
     * between threads), which is what limited scaling, not the bookkeeping itself.
     */
    BufferBlock take(PoolKind k, long size) {
        int bin = bin(k, size);
        int n = counts[bin];
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
                counts[bin] = n - 1;
                bytes[BYTES] -= b.size;
                return b;
            }
        }
        return null;
    }

    /** Caches {@code b} if the bounds allow; false when it must go elsewhere. */
    boolean offer(BufferBlock b) {
        if (binCapacity == 0 || b.size > maxBlock || bytes[BYTES] + b.size > maxBytes) {
            return false;
        }
        int bin = bin(b.pool, b.size);
        int n = counts[bin];
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
        counts[bin] = n + 1;
        bytes[BYTES] += b.size;
        return true;
    }

    /** Removes the older half (at least one) of {@code b}'s class, to make room. */
    List<BufferBlock> evictHalf(PoolKind k, long size) {
        int bin = bin(k, size);
        int n = counts[bin];
        int drop = Math.max(1, n / 2);
        List<BufferBlock> out = new ArrayList<>(drop);
        if (n == 0) {
            return out;
        }
        BufferBlock[] arr = bins[bin];
        for (int i = O; i < O + drop; i++) {
            out.add(arr[i]);
            bytes[BYTES] -= arr[i].size;
        }
        System.arraycopy(arr, O + drop, arr, O, n - drop);
        for (int i = O + n - drop; i < O + n; i++) {
            arr[i] = null;
        }
        counts[bin] = n - drop;
        return out;
    }

    /** Removes every cached block. */
    List<BufferBlock> drainAll() {
        List<BufferBlock> out = new ArrayList<>();
        for (int u = 0; u < usedCount; u++) {
            int bin = usedBins[u];
            int n = counts[bin];
            for (int i = O; i < O + n; i++) {
                out.add(bins[bin][i]);
                bins[bin][i] = null;
            }
            counts[bin] = 0;
        }
        bytes[BYTES] = 0;
        return out;
    }

    /** The memoised aligned size of {@code size} in storage mode {@code mode} (0 or 1), or 0 when not known. */
    long rounded(long size, int mode) {
        int slot = (int) (Long.hashCode(size * 0x9E3779B97F4A7C15L) & (ROUND_SLOTS - 1));
        return roundKeys[slot] == size ? roundValues[slot * 2 + mode] : 0;
    }

    void remember(long size, int mode, long aligned) {
        int slot = (int) (Long.hashCode(size * 0x9E3779B97F4A7C15L) & (ROUND_SLOTS - 1));
        if (roundKeys[slot] != size) {
            roundKeys[slot] = size;
            roundValues[slot * 2] = 0;
            roundValues[slot * 2 + 1] = 0;
        }
        roundValues[slot * 2 + mode] = aligned;
    }

    long bytes() {
        return bytes[BYTES];
    }

    boolean isActive() {
        return (int) STATE.getAcquire(this) == ACTIVE;
    }

    /** Takes over the cache of a dead owner; true for exactly one caller (C++: compare_exchange, acq_rel). */
    boolean reclaim() {
        return STATE.compareAndSet(this, ACTIVE, RECLAIMED);
    }
}
