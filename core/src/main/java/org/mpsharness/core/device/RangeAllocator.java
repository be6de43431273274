package org.mpsharness.core.device;

import java.util.Map;
import java.util.TreeMap;

/**
 * Placement of buffers inside one heap: first-fit over free ranges ordered by offset, with coalescing on free.
 *
 * <p>Why here: Metal places buffers inside an {@code MTLHeap} itself; the simulated device and the CUDA backend (a heap
 * is one {@code cuMemAlloc_v2} region) need the same service, and both must never hand out overlapping ranges, since
 * the workload's pattern checks would then blame the allocator for a device bug. Internal to a device: its monitor is
 * a leaf lock outside the runtime's hierarchy (nothing is acquired while it is held).
 */
public final class RangeAllocator {
    private final long size;
    private final long alignment;
    /** offset -> length of each free range; ranges never touch (coalesced). */
    private final TreeMap<Long, Long> free = new TreeMap<>();
    private long freeBytes;

    public RangeAllocator(long size, long alignment) {
        if (size <= 0 || alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("size " + size + ", alignment " + alignment);
        }
        this.size = size;
        this.alignment = alignment;
        free.put(0L, size);
        freeBytes = size;
    }

    /** Offset of a new range of {@code length} bytes (rounded to the alignment), or -1 when none fits. */
    public synchronized long allocate(long length) {
        long need = align(length);
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            if (e.getValue() >= need) {
                long off = e.getKey();
                long rest = e.getValue() - need;
                free.remove(off);
                if (rest > 0) {
                    free.put(off + need, rest);
                }
                freeBytes -= need;
                return off;
            }
        }
        return -1;
    }

    /** Returns a range given by {@link #allocate}; coalesces with free neighbours. */
    public synchronized void free(long offset, long length) {
        long len = align(length);
        if (offset < 0 || offset + len > size) {
            throw new IllegalArgumentException("range [" + offset + ", +" + len + ") outside heap of " + size);
        }
        Map.Entry<Long, Long> below = free.floorEntry(offset);
        if (below != null && below.getKey() + below.getValue() > offset) {
            throw new IllegalStateException("double free of heap range at offset " + offset);
        }
        Map.Entry<Long, Long> above = free.ceilingEntry(offset);
        if (above != null && offset + len > above.getKey()) {
            throw new IllegalStateException("freed range at " + offset + " overlaps a free range");
        }
        long start = offset;
        long end = offset + len;
        if (below != null && below.getKey() + below.getValue() == offset) {
            start = below.getKey();
            free.remove(below.getKey());
        }
        if (above != null && above.getKey() == end) {
            end = above.getKey() + above.getValue();
            free.remove(above.getKey());
        }
        free.put(start, end - start);
        freeBytes += len;
    }

    /** Largest free range. */
    public synchronized long maxAvailable() {
        long max = 0;
        for (long len : free.values()) {
            max = Math.max(max, len);
        }
        return max;
    }

    public synchronized long freeBytes() {
        return freeBytes;
    }

    public long size() {
        return size;
    }

    private long align(long length) {
        if (length <= 0) {
            throw new IllegalArgumentException("length " + length);
        }
        return (length + alignment - 1) & ~(alignment - 1);
    }
}
