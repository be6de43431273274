package org.mpsharness.core.alloc;

import java.util.EnumMap;
import java.util.List;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.core.stream.SyncType;

/**
 * Baseline of improvement 1: the MPS allocator as the fork has it — one recursive mutex ({@code m_mutex}) around
 * everything, with the reuse rule of {@link BufferBlock} added for multi-stream safety.
 *
 * <p>Faithful on purpose where the native code drops and re-takes the mutex in the middle of an operation, so that the
 * checks can decide whether that is a real bug:
 * <ul>
 *   <li>{@link #releaseBuffer}: when the released buffer is still retained by the GPU it unlocks, adds a completion
 *       handler on the default stream, and locks again (MPSAllocator.mm release_buffer);</li>
 *   <li>{@link #releaseCachedBuffers}: it unlocks, commits and waits on the <em>default</em> stream only, and locks
 *       again (release_cached_buffers) — worker streams are not synced (invariant 3);</li>
 *   <li>{@link #releaseBuffers}: it advances its iterator before each release and follows it afterwards, even when the
 *       release dropped the lock meanwhile (release_buffers). Where C++ would follow a dangling iterator, this model
 *       continues with the element the iterator pointed to.</li>
 * </ul>
 * Stats are plain counters written under the mutex and read without it (volatile here, relaxed atomics in a port).
 * The aging loop over every cached large buffer on each large-pool lookup is kept too.
 */
public class BaselineAllocator extends HeapAllocatorBase {
    final OrderedLock mutex = new OrderedLock("allocator.m_mutex", LockLevel.ALLOCATOR, 0);
    final EnumMap<PoolKind, BufferPool> pools = new EnumMap<>(PoolKind.class);
    private long bufferCounter; // guarded by mutex
    private long heapCounter; // guarded by mutex
    private long eventCounter; // guarded by eventPool's mutex
    private volatile long currentAllocated; // written under mutex
    private volatile long totalAllocated; // written under mutex

    public BaselineAllocator(StreamPool streams, AllocatorConfig config) {
        super("baseline", streams, config);
        for (PoolKind k : PoolKind.values()) {
            pools.put(k, new BufferPool(k));
        }
        initEventPool(() -> ++eventCounter);
    }

    // ------------------------------------------------------------------ public entry points

    @Override
    public BufferBlock malloc(long size, Usage usage) {
        MpsStream stream = streams.getCurrentStream();
        mutex.lock();
        try {
            return allocBufferBlock(size, usage, stream);
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public void free(BufferBlock b) {
        mutex.lock();
        try {
            if (b.state() != BufferBlock.IN_USE) {
                throw new IllegalStateException("free of " + b + " in state " + BufferBlock.stateName(b.state())
                        + (b.state() == BufferBlock.RELEASED ? ": buffer not found (released meanwhile)"
                        : ": double free"));
            }
            if (b.pool != PoolKind.SCALAR) {
                freeBuffer(b);
                return;
            }
        } finally {
            mutex.unlock();
        }
        // scalar buffers are freed when the default stream's current work completes (MPSAllocator.mm free)
        streams.getDefaultStream().addCompletedHandler(() -> {
            mutex.lock();
            try {
                freeBuffer(b);
            } finally {
                mutex.unlock();
            }
        });
    }

    /**
     * recordEvents: the events are reserved under {@code m_mutex} and encoded after it is released. The native code
     * encodes under the mutex; entering the default stream activates it in the commit gate, which may wait for another
     * stream's commit-and-continue, so that would be a wait under the allocator lock (invariant 9). This is the one
     * place where the model is not faithful: the fix is small and does not touch the lock drops the checks are about.
     */
    @Override
    public boolean recordEvents(List<BufferBlock> blocks, MpsStream stream) {
        EventSignals signals = new EventSignals();
        mutex.lock();
        try {
            for (BufferBlock b : blocks) {
                if (b.state() == BufferBlock.IN_USE && b.stream != stream) {
                    signals.reserve(b, stream, eventPool);
                }
            }
        } finally {
            mutex.unlock();
        }
        signals.encode(stream);
        return !signals.isEmpty();
    }

    @Override
    public void emptyCache() {
        mutex.lock();
        try {
            releaseCachedBuffers();
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public void freeInactiveBuffers() {
        mutex.lock();
        try {
            for (BufferPool p : pools.values()) {
                p.processPending(eventPool);
            }
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public void flushThreadCache() {
        // no thread caches in the baseline
    }

    @Override
    public long getCurrentAllocatedMemory() {
        return currentAllocated;
    }

    @Override
    public long getTotalAllocatedMemory() {
        return totalAllocated;
    }

    @Override
    public AllocatorStats stats() {
        mutex.lock();
        try {
            return snapshot(pools, k -> 0L, currentAllocated, totalAllocated);
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public void close() {
        emptyCache();
        freeInactiveBuffers();
        emptyCache();
        eventPool.close();
    }

    // ------------------------------------------------------------------ malloc (m_mutex held)

    private BufferBlock allocBufferBlock(long size, Usage usage, MpsStream stream) {
        AllocParams p = params(size, usage, stream, pools);
        p.pool.processPending(eventPool);
        BufferBlock b = getFreeBuffer(p);
        if (b == null) {
            if (p.pressure && p.size < p.pool.availableSize()) {
                garbageCollect(p);
            }
            b = allocBuffer(p);
            if (b == null && releaseAvailableCachedBuffers(p)) {
                b = allocBuffer(p);
            }
            if (b == null && releaseCachedBuffers()) {
                b = allocBuffer(p);
            }
        }
        if (b == null) {
            throw outOfMemory(p, snapshot(pools, k -> 0L, currentAllocated, totalAllocated), totalAllocated);
        }
        b.require(BufferBlock.FREE, BufferBlock.IN_USE, "malloc");
        b.requestedSize = size;
        b.useCount++;
        b.stream = stream;
        b.fence = 0;
        currentAllocated += b.size;
        return b;
    }

    private BufferBlock getFreeBuffer(AllocParams p) {
        if (config.highWatermarkRatio() > 0 && device.currentAllocatedSize() + p.size > maxTotalAllowed) {
            return null;
        }
        BufferPool pool = p.pool;
        if (lowRatio > 0 && !pool.kind.small()) {
            for (BufferBlock c : pool.available) {
                c.gcCount++; // ages every cached large buffer, O(cached) under the lock, as MPS does
            }
        }
        BufferBlock b = pool.bestFit(p.size, p.stream, BufferBlock::reusableOn);
        if (b != null && b.size > p.size + AllocSizes.LARGE_HEAP) {
            if (pool.hasHeapFor(p.size)) {
                b = null;
            } else if (b.buffer.retainCount() <= 1) {
                releaseBuffer(b, false);
                p.pressure = false;
                b = null;
            } else if (p.pressure) {
                releaseBuffer(b, true);
                b = null;
            }
        }
        if (b == null) {
            return null;
        }
        pool.removeAvailable(b);
        b.gcCount = 0;
        return b;
    }

    private BufferBlock allocBuffer(AllocParams p) {
        if (maxTotalAllowed != Long.MAX_VALUE && device.currentAllocatedSize() + p.size > maxTotalAllowed) {
            return null;
        }
        BufferPool pool = p.pool;
        HeapBlock heap = pool.takeHeapFor(p.size);
        if (heap == null) {
            heap = newHeap(p, ++heapCounter);
            if (heap == null) {
                return null;
            }
            totalAllocated += heap.total;
        }
        DeviceBuffer buffer = heap.newBuffer(p.size);
        pool.heaps.add(heap);
        if (buffer == null) {
            return null; // fragmentation: the heap's largest hole was smaller than it said
        }
        BufferBlock b = new BufferBlock(++bufferCounter, buffer, heap, p.size, pool.kind);
        pool.addBuffer(p.size);
        return b;
    }

    private HeapBlock newHeap(AllocParams p, long id) {
        long plan = AllocSizes.heapSizeFor(p.size, p.pressure, device.hasUnifiedMemory());
        DeviceHeap h = device.newHeap(Math.abs(plan), p.pool.kind.storage());
        if (h == null) {
            return null;
        }
        p.pool.addHeap(h.size());
        return new HeapBlock(id, h, p.pool.kind, plan > 0);
    }

    // ------------------------------------------------------------------ free (m_mutex held)

    /** free_buffer; the caller holds m_mutex (protected for the seeded-bug catalog's unlocked variant). */
    protected void freeBuffer(BufferBlock b) {
        BufferPool pool = pools.get(b.pool);
        currentAllocated -= b.size;
        b.fence = b.stream.fenceValue(); // stream mutex inside the allocator's: the documented order
        if (b.events != null) {
            b.require(BufferBlock.IN_USE, BufferBlock.PENDING, "free");
            pool.pendingFree.add(b);
        } else {
            b.require(BufferBlock.IN_USE, BufferBlock.FREE, "free");
            pool.addAvailable(b);
        }
    }

    // ------------------------------------------------------------------ releasing cached memory (m_mutex held)

    /** release_buffer: may drop and re-take m_mutex (see class comment). True when the heap was released too. */
    boolean releaseBuffer(BufferBlock b, boolean removeEmptyHeap) {
        HeapBlock heap = b.heap;
        BufferPool pool = pools.get(heap.pool);
        pool.removeBuffer(b.size);
        pool.eraseAvailableUnchecked(b); // erases nothing if another thread took it meanwhile, as std::set::erase(key)
        pool.heaps.remove(heap);
        b.dropEvents(eventPool);
        forceReleased(b);
        int retain = heap.releaseBuffer(b.buffer);
        if (removeEmptyHeap && heap.nBuffers == 0) {
            pool.heapsPendingUpdate.remove(heap);
            totalAllocated -= heap.total;
            pool.removeHeap(heap.total);
            heap.heap.release();
            return true;
        }
        pool.heaps.add(heap);
        if (retain > 1) {
            pool.heapsPendingUpdate.add(heap);
            mutex.unlock();
            try {
                streams.getDefaultStream().addCompletedHandler(() -> {
                    mutex.lock();
                    try {
                        if (pool.heapsPendingUpdate.remove(heap)) {
                            pool.heaps.remove(heap);
                            heap.updateAvailable();
                            pool.heaps.add(heap);
                        }
                    } finally {
                        mutex.unlock();
                    }
                });
            } finally {
                mutex.lock();
            }
        }
        return false;
    }

    /** The native code deletes the block whatever its state; the model marks it released whatever its state. */
    private static void forceReleased(BufferBlock b) {
        int s;
        do {
            s = b.state();
        } while (s != BufferBlock.RELEASED && !b.transition(s, BufferBlock.RELEASED));
    }

    /** release_buffers: iterator advanced before each release and followed after it (see class comment). */
    private void releaseBuffers(BufferPool pool) {
        if (pool.available.isEmpty()) {
            return;
        }
        BufferBlock b = pool.available.first();
        while (b != null) {
            BufferBlock next = pool.available.higher(b); // ++it
            releaseBuffer(b, true);
            b = next; // possibly stale if releaseBuffer dropped the lock
        }
    }

    boolean releaseAvailableCachedBuffers(AllocParams p) {
        BufferPool pool = p.pool;
        if (pool.available.isEmpty()) {
            return false;
        }
        BufferBlock fit = pool.available.ceiling(BufferBlock.probe(p.size));
        if (fit != null) {
            releaseBuffer(fit, true);
            return true;
        }
        long released = 0;
        BufferBlock cur = pool.available.last();
        while (released < p.size && cur != null) {
            BufferBlock prev = pool.available.lower(cur);
            released += cur.size;
            releaseBuffer(cur, true);
            cur = prev;
        }
        return released >= p.size;
    }

    /** release_cached_buffers: drops m_mutex to sync the default stream only, then releases every pool. */
    boolean releaseCachedBuffers() {
        mutex.unlock(); // one level of the recursive mutex, as the native code does (callers hold one)
        try {
            streams.getDefaultStream().synchronize(SyncType.COMMIT_AND_WAIT);
        } finally {
            mutex.lock();
        }
        for (BufferPool pool : pools.values()) {
            releaseBuffers(pool);
        }
        return true;
    }

    private void garbageCollect(AllocParams p) {
        long current = device.currentAllocatedSize();
        if (current < lowWatermarkLimit) {
            return;
        }
        long target = current - lowWatermarkLimit;
        BufferPool pool = p.pool;
        double totalAge = 0;
        int freeable = 0;
        for (BufferBlock b : pool.available) {
            if (b.buffer.retainCount() <= 1) {
                totalAge += b.gcCount;
                freeable++;
            }
        }
        long reclaimed = 0;
        boolean freed = true;
        while (reclaimed < target && freed && freeable > 0) {
            double threshold = totalAge / freeable;
            freed = false;
            BufferBlock b = pool.available.isEmpty() ? null : pool.available.first();
            while (b != null && reclaimed < target) {
                BufferBlock next = pool.available.higher(b);
                if (b.gcCount >= threshold && b.buffer.retainCount() <= 1) {
                    freed = true;
                    reclaimed += b.size;
                    totalAge -= b.gcCount;
                    freeable--;
                    releaseBuffer(b, !b.heap.split);
                }
                b = next;
            }
        }
    }
}
