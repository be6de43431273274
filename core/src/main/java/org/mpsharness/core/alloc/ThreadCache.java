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
    private final BufferBlock[][] bins = new BufferBlock[PoolKind.values().length * CLASSES][];
    private final int[] counts = new int[bins.length];
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
    private long bytes;
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
        return k.ordinal() * CLASSES + sizeClass(size);
    }

    /** A cached block of kind {@code k} and at least {@code size} bytes (most recently freed first), or null. */
    BufferBlock take(PoolKind k, long size) {
        int bin = bin(k, size);
        int n = counts[bin];
        if (n == 0) {
            return null;
        }
        BufferBlock[] arr = bins[bin];
        for (int i = n - 1; i >= 0; i--) {
            BufferBlock b = arr[i];
            if (b.size >= size) {
                arr[i] = arr[n - 1];
                arr[n - 1] = null;
                counts[bin] = n - 1;
                bytes -= b.size;
                return b;
            }
        }
        return null;
    }

    /** Caches {@code b} if the bounds allow; false when it must go elsewhere. */
    boolean offer(BufferBlock b) {
        if (binCapacity == 0 || b.size > maxBlock || bytes + b.size > maxBytes) {
            return false;
        }
        int bin = bin(b.pool, b.size);
        int n = counts[bin];
        if (n >= binCapacity || (n > 0 && (long) (n + 1) * b.size > binBytes)) {
            return false;
        }
        BufferBlock[] arr = bins[bin];
        if (arr == null) {
            arr = new BufferBlock[binCapacity];
            bins[bin] = arr;
            usedBins[usedCount++] = bin;
        }
        arr[n] = b;
        counts[bin] = n + 1;
        bytes += b.size;
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
        for (int i = 0; i < drop; i++) {
            out.add(arr[i]);
            bytes -= arr[i].size;
        }
        System.arraycopy(arr, drop, arr, 0, n - drop);
        for (int i = n - drop; i < n; i++) {
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
            for (int i = 0; i < n; i++) {
                out.add(bins[bin][i]);
                bins[bin][i] = null;
            }
            counts[bin] = 0;
        }
        bytes = 0;
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
        return bytes;
    }

    boolean isActive() {
        return (int) STATE.getAcquire(this) == ACTIVE;
    }

    /** Takes over the cache of a dead owner; true for exactly one caller (C++: compare_exchange, acq_rel). */
    boolean reclaim() {
        return STATE.compareAndSet(this, ACTIVE, RECLAIMED);
    }
}
