package org.mpsharness.core.alloc;

import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot of the allocator's statistics (invariant 4). {@link #inconsistencies()} lists every way in which they do
 * not add up; at quiescence it must be empty for a correct design.
 *
 * @param design          which design produced it
 * @param currentAllocated bytes in use by callers (m_current_allocated_memory)
 * @param totalAllocated   bytes of live heaps (m_total_allocated_memory)
 * @param pools           per-pool figures
 */
public record AllocatorStats(String design, long currentAllocated, long totalAllocated, List<PoolStats> pools) {

    /**
     * @param nBuffers         buffers of the pool (in use, cached, free or pending)
     * @param allocatedSize    their bytes
     * @param availableSize    bytes in the pool's shared free set
     * @param pendingSize      bytes waiting for events of other streams
     * @param cachedInThreads  bytes in per-thread caches (improved design; 0 in the baseline)
     * @param heaps            number of heaps
     * @param heapBytes        their bytes
     */
    public record PoolStats(PoolKind kind, long nBuffers, long allocatedSize, long availableSize, long pendingSize,
                            long cachedInThreads, long heaps, long heapBytes) {
        /** Bytes in use by callers, derived. */
        public long inUseSize() {
            return allocatedSize - availableSize - pendingSize - cachedInThreads;
        }
    }

    /** Sum of cached bytes in every pool (shared free sets, thread caches, pending). */
    public long cachedBytes() {
        long n = 0;
        for (PoolStats p : pools) {
            n += p.availableSize + p.cachedInThreads + p.pendingSize;
        }
        return n;
    }

    /** Every way the figures fail to add up (empty when consistent). */
    public List<String> inconsistencies() {
        List<String> bad = new ArrayList<>();
        long heapSum = 0;
        long inUseSum = 0;
        for (PoolStats p : pools) {
            heapSum += p.heapBytes;
            inUseSum += p.inUseSize();
            if (p.nBuffers < 0 || p.allocatedSize < 0 || p.availableSize < 0 || p.pendingSize < 0
                    || p.cachedInThreads < 0 || p.heaps < 0 || p.heapBytes < 0 || p.inUseSize() < 0) {
                bad.add("negative figure in " + p);
            }
            if (p.allocatedSize > p.heapBytes) {
                bad.add(p.kind + ": buffers (" + p.allocatedSize + " B) exceed heaps (" + p.heapBytes + " B)");
            }
        }
        if (currentAllocated < 0 || totalAllocated < 0) {
            bad.add("negative total: current " + currentAllocated + ", total " + totalAllocated);
        }
        if (heapSum != totalAllocated) {
            bad.add("total " + totalAllocated + " != sum of pool heaps " + heapSum);
        }
        if (inUseSum != currentAllocated) {
            bad.add("current " + currentAllocated + " != sum of pool in-use bytes " + inUseSum);
        }
        return bad;
    }

    /** Multi-line text for reports and out-of-memory errors. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%s allocator: in use %,d B, heaps %,d B%n", design, currentAllocated,
                totalAllocated));
        for (PoolStats p : pools) {
            sb.append(String.format("  %-13s buffers %,6d  allocated %,15d  free %,15d  pending %,12d  "
                            + "thread-cached %,12d  heaps %,4d (%,d B)%n", p.kind, p.nBuffers, p.allocatedSize,
                    p.availableSize, p.pendingSize, p.cachedInThreads, p.heaps, p.heapBytes));
        }
        return sb.toString();
    }
}
