package org.mpsharness.core.alloc;

import java.util.Comparator;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;

/**
 * One device heap of a pool ({@code HeapBlock}). Mutable fields are guarded by the lock of the pool that owns it (the
 * global lock in the baseline, the pool's shard lock in the improved design).
 */
public final class HeapBlock {
    /** Heaps ordered by available size, then id: the order {@code get_free_heap} searches. */
    static final Comparator<HeapBlock> BY_AVAILABLE = new ByAvailable();

    /** A plain class rather than a composed lambda: model checkers reflect over comparator state. */
    private static final class ByAvailable implements Comparator<HeapBlock> {
        @Override
        public int compare(HeapBlock a, HeapBlock b) {
            int c = Long.compare(a.available, b.available);
            return c != 0 ? c : Long.compare(a.id, b.id);
        }
    }

    final long id;
    final DeviceHeap heap;
    final long total;
    final PoolKind pool;
    final boolean split;
    /** Cached {@code maxAvailableSize}; a key of the pool's heap set: remove before changing it. */
    long available;
    int nBuffers;

    /** A search key for heaps with at least {@code available} bytes free. */
    static HeapBlock probe(long available) {
        return new HeapBlock(available);
    }

    private HeapBlock(long available) {
        this.id = Long.MIN_VALUE;
        this.heap = null;
        this.total = 0;
        this.pool = null;
        this.split = true;
        this.available = available;
    }

    HeapBlock(long id, DeviceHeap heap, PoolKind pool, boolean split) {
        this.id = id;
        this.heap = heap;
        this.total = heap.size();
        this.pool = pool;
        this.split = split;
        this.available = heap.maxAvailableSize();
    }

    public long id() {
        return id;
    }

    public long total() {
        return total;
    }

    /** A new buffer carved from this heap, or null when it has no room. */
    DeviceBuffer newBuffer(long size) {
        DeviceBuffer b = heap.newBuffer(size);
        if (b != null) {
            nBuffers++;
            available = heap.maxAvailableSize();
        }
        return b;
    }

    /** Releases a buffer of this heap; returns its retain count before the release (&gt; 1: GPU still uses it). */
    int releaseBuffer(DeviceBuffer b) {
        int retain = b.retainCount();
        b.release();
        nBuffers--;
        available = heap.maxAvailableSize();
        return retain;
    }

    void updateAvailable() {
        available = heap.maxAvailableSize();
    }

    @Override
    public String toString() {
        return "heap#" + id + "(" + pool + ", " + total + " B, " + nBuffers + " buffers)";
    }
}
