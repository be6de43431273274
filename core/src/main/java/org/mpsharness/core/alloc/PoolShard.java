package org.mpsharness.core.alloc;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;

/**
 * One pool of the improved allocator with its own lock (level ALLOCATOR, rank = pool ordinal, so that "every shard in
 * ordinal order" is the only legal way to hold several). Every method takes the lock itself and never drops it in the
 * middle: a buffer the GPU still retains is simply not released, so heap sizes never go stale and no completion
 * handler is needed — the reason the baseline drops its lock disappears.
 */
final class PoolShard {
    final BufferPool pool;
    final OrderedLock lock;
    private final Device device;
    private final ShardedAllocator owner;
    private final IdBlocks bufferIds;
    private final IdBlocks heapIds;
    private final AtomicLong totalHeapBytes;

    PoolShard(PoolKind kind, Device device, ShardedAllocator owner, IdBlocks bufferIds, IdBlocks heapIds,
              AtomicLong totalHeapBytes) {
        this.pool = new BufferPool(kind);
        this.lock = new OrderedLock("allocator.pool[" + kind + "]", LockLevel.ALLOCATOR, kind.ordinal());
        this.device = device;
        this.owner = owner;
        this.bufferIds = bufferIds;
        this.heapIds = heapIds;
        this.totalHeapBytes = totalHeapBytes;
    }

    /** Reuse a free block or carve a new one; null when the device has no room (the ladder continues outside). */
    BufferBlock allocate(HeapAllocatorBase.AllocParams p, boolean mayCreate) {
        lock.lock();
        try {
            pool.processPending(owner.eventPool());
            BufferBlock b = getFreeBuffer(p);
            if (b == null && mayCreate) {
                if (p.pressure && p.size < pool.availableSize()) {
                    garbageCollect(p);
                }
                b = allocBuffer(p);
            }
            return b;
        } finally {
            lock.unlock();
        }
    }

    private BufferBlock getFreeBuffer(HeapAllocatorBase.AllocParams p) {
        if (owner.highLimited() && device.currentAllocatedSize() + p.size > owner.maxTotalAllowed) {
            return null;
        }
        BufferBlock b = pool.bestFit(p.size, p.stream, owner::reusable);
        if (b != null && b.size > p.size + AllocSizes.LARGE_HEAP) {
            if (pool.hasHeapFor(p.size)) {
                b = null;
            } else if (b.buffer.retainCount() <= 1) {
                releaseBuffer(b, false);
                p.pressure = false;
                b = null;
            } else if (p.pressure) {
                b = null; // busy oversize buffer under pressure: leave it, allocate instead (never release busy ones)
            }
        }
        if (b != null) {
            pool.removeAvailable(b);
            b.gcCount = 0;
        }
        return b;
    }

    private BufferBlock allocBuffer(HeapAllocatorBase.AllocParams p) {
        if (owner.maxTotalAllowed != Long.MAX_VALUE
                && device.currentAllocatedSize() + p.size > owner.maxTotalAllowed) {
            return null;
        }
        HeapBlock heap = pool.takeHeapFor(p.size);
        if (heap == null) {
            long plan = AllocSizes.heapSizeFor(p.size, p.pressure, device.hasUnifiedMemory());
            DeviceHeap h = device.newHeap(Math.abs(plan), pool.kind.storage());
            if (h == null) {
                return null;
            }
            heap = new HeapBlock(heapIds.next(), h, pool.kind, plan > 0);
            pool.addHeap(h.size());
            totalHeapBytes.addAndGet(h.size()); // C++: fetch_add(seq_cst), a statistic read without the lock
        }
        DeviceBuffer buffer = heap.newBuffer(p.size);
        pool.heaps.add(heap);
        if (buffer == null) {
            return null;
        }
        BufferBlock b = new BufferBlock(bufferIds.next(), buffer, heap, p.size, pool.kind);
        pool.addBuffer(p.size);
        return b;
    }

    /** Returns freed blocks to this pool: pending while events of other streams are outstanding, else free. */
    void putBack(List<BufferBlock> blocks) {
        lock.lock();
        try {
            for (BufferBlock b : blocks) {
                putBackLocked(b);
            }
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #putBack(List)}, for one block. */
    void putBack(BufferBlock b) {
        lock.lock();
        try {
            putBackLocked(b);
        } finally {
            lock.unlock();
        }
    }

    private void putBackLocked(BufferBlock b) {
        if (b.state() == BufferBlock.PENDING) {
            pool.pendingFree.add(b);
        } else {
            pool.addAvailable(b);
        }
    }

    void processPending() {
        lock.lock();
        try {
            pool.processPending(owner.eventPool());
        } finally {
            lock.unlock();
        }
    }

    /** release_buffer without a lock drop; only for buffers the GPU no longer retains. */
    private void releaseBuffer(BufferBlock b, boolean removeEmptyHeap) {
        HeapBlock heap = b.heap;
        pool.removeAvailable(b);
        pool.removeBuffer(b.size);
        b.require(BufferBlock.FREE, BufferBlock.RELEASED, "release");
        b.dropEvents(owner.eventPool());
        pool.heaps.remove(heap);
        heap.releaseBuffer(b.buffer);
        if (removeEmptyHeap && heap.nBuffers == 0) {
            releaseHeap(heap);
        } else {
            pool.heaps.add(heap);
        }
    }

    private void releaseHeap(HeapBlock heap) {
        pool.removeHeap(heap.total);
        totalHeapBytes.addAndGet(-heap.total); // C++: fetch_sub(seq_cst)
        heap.heap.release();
    }

    /** release_available_cached_buffers: free enough idle buffers for {@code p}; true when enough was freed. */
    boolean releaseAvailable(HeapAllocatorBase.AllocParams p) {
        lock.lock();
        try {
            long released = 0;
            BufferBlock cur = pool.available.isEmpty() ? null : pool.available.last();
            while (released < p.size && cur != null) {
                BufferBlock prev = pool.available.lower(cur);
                if (cur.buffer.retainCount() <= 1) {
                    released += cur.size;
                    releaseBuffer(cur, true);
                }
                cur = prev;
            }
            return released >= p.size;
        } finally {
            lock.unlock();
        }
    }

    /** Releases every idle free buffer and every empty heap (after the caller synced every stream). */
    void releaseAll() {
        lock.lock();
        try {
            for (BufferBlock b : pool.availableSnapshot()) {
                if (b.buffer.retainCount() <= 1) {
                    releaseBuffer(b, true);
                }
            }
            for (HeapBlock h : List.copyOf(pool.heaps)) {
                if (h.nBuffers == 0) {
                    pool.heaps.remove(h);
                    releaseHeap(h);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void garbageCollect(HeapAllocatorBase.AllocParams p) {
        long current = device.currentAllocatedSize();
        if (current < owner.lowWatermarkLimit) {
            return;
        }
        long target = current - owner.lowWatermarkLimit;
        long reclaimed = 0;
        for (BufferBlock b : pool.availableSnapshot()) {
            if (reclaimed >= target) {
                break;
            }
            if (b.buffer.retainCount() <= 1) {
                reclaimed += b.size;
                releaseBuffer(b, !b.heap.split);
            }
        }
    }

    AllocatorStats.PoolStats stats(long cachedInThreads) {
        lock.lock();
        try {
            return pool.stats(cachedInThreads);
        } finally {
            lock.unlock();
        }
    }
}
