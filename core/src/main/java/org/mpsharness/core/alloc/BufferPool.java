package org.mpsharness.core.alloc;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import org.mpsharness.core.stream.MpsStream;

/**
 * One pool's state (BufferPool): free buffers by (size, address), heaps by available size, buffers pending on events,
 * and the pool's counters. Passive: every method must be called with the pool's guarding lock held (the global mutex
 * in the baseline, the pool's shard lock in the improved design).
 *
 * <p>Counters (invariant 4): {@code allocatedSize} = Σ sizes of the pool's buffers (in use, cached anywhere, free or
 * pending); {@code availableSize} = Σ sizes in {@link #available}; {@code nBuffers} = number of buffers;
 * {@code heapCount} and {@code heapBytes} = the pool's heaps. The pool owns them: callers change them only through the
 * named methods below, each of which keeps one of those equations, so that no design can update one figure and forget
 * its partner.
 */
final class BufferPool {
    /** At most this many non-reusable candidates are skipped before best-fit gives up and allocates. */
    static final int MAX_SCAN = 32;

    final PoolKind kind;
    final TreeSet<BufferBlock> available = new TreeSet<>(BufferBlock.BY_SIZE);
    final TreeSet<HeapBlock> heaps = new TreeSet<>(HeapBlock.BY_AVAILABLE);
    final Set<BufferBlock> pendingFree = new LinkedHashSet<>();
    final Set<HeapBlock> heapsPendingUpdate = new LinkedHashSet<>();
    private long nBuffers;
    private long allocatedSize;
    private long availableSize;
    /** Heaps of this pool and their bytes (including heaps briefly out of {@link #heaps} during a search). */
    private long heapCount;
    private long heapBytes;

    BufferPool(PoolKind kind) {
        this.kind = kind;
    }

    /**
     * Best fit for a malloc on {@code stream}: the smallest free block of at least {@code size} bytes that the reuse
     * rule allows on that stream. Blocks that are not yet reusable there are skipped (at most {@link #MAX_SCAN}).
     */
    BufferBlock bestFit(long size, MpsStream stream, BiPredicate<BufferBlock, MpsStream> reusable) {
        int scanned = 0;
        for (BufferBlock b : available.tailSet(BufferBlock.probe(size), true)) {
            if (reusable.test(b, stream)) {
                return b;
            }
            if (++scanned >= MAX_SCAN) {
                break;
            }
        }
        return null;
    }

    /** True when some heap has at least {@code size} bytes available. */
    boolean hasHeapFor(long size) {
        return heaps.ceiling(HeapBlock.probe(size)) != null;
    }

    /** get_free_heap's lookup: removes and returns the smallest heap with room (caller re-inserts it), or null. */
    HeapBlock takeHeapFor(long size) {
        HeapBlock h = heaps.ceiling(HeapBlock.probe(size));
        if (h != null) {
            heaps.remove(h);
        }
        return h;
    }

    long availableSize() {
        return availableSize;
    }

    /** A buffer of {@code size} bytes was carved from one of this pool's heaps. */
    void addBuffer(long size) {
        allocatedSize += size;
        nBuffers++;
    }

    /** A buffer of {@code size} bytes was given back to its heap. */
    void removeBuffer(long size) {
        allocatedSize -= size;
        nBuffers--;
    }

    /** A heap of {@code bytes} bytes was created for this pool. */
    void addHeap(long bytes) {
        heapCount++;
        heapBytes += bytes;
    }

    /** A heap of {@code bytes} bytes was released. */
    void removeHeap(long bytes) {
        heapCount--;
        heapBytes -= bytes;
    }

    /**
     * The baseline's unconditional erase (MPSAllocator.mm release_buffer: {@code available_size -= size;
     * available_buffers.erase(block)}): the size is subtracted even when the block is no longer in the free set
     * because another thread took it while the mutex was dropped. Faithful on purpose; the improved design uses
     * {@link #removeAvailable}, which refuses a block that is not there.
     */
    void eraseAvailableUnchecked(BufferBlock b) {
        availableSize -= b.size;
        available.remove(b);
    }

    void addAvailable(BufferBlock b) {
        if (!available.add(b)) {
            throw new IllegalStateException(b + " is already free in " + kind + ": double free");
        }
        availableSize += b.size;
    }

    void removeAvailable(BufferBlock b) {
        if (!available.remove(b)) {
            throw new IllegalStateException(b + " is not free in " + kind);
        }
        availableSize -= b.size;
    }

    /** Moves pending blocks whose events completed into the free set. */
    void processPending(EventPool events) {
        for (Iterator<BufferBlock> it = pendingFree.iterator(); it.hasNext(); ) {
            BufferBlock b = it.next();
            if (b.eventsCompleted()) {
                it.remove();
                b.dropEvents(events);
                b.require(BufferBlock.PENDING, BufferBlock.FREE, "pending-to-free");
                addAvailable(b);
            }
        }
    }

    /** Bytes of buffers in {@link #pendingFree}. */
    long pendingBytes() {
        long n = 0;
        for (BufferBlock b : pendingFree) {
            n += b.size;
        }
        return n;
    }

    /** Snapshot of the free set (for release loops that must not iterate a changing set). */
    List<BufferBlock> availableSnapshot() {
        return new ArrayList<>(available);
    }

    AllocatorStats.PoolStats stats(long cachedInThreads) {
        return new AllocatorStats.PoolStats(kind, nBuffers, allocatedSize, availableSize, pendingBytes(),
                cachedInThreads, heapCount, heapBytes);
    }
}
