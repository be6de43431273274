package com.example.alloc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.mpsharness.core.alloc.AllocSizes;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.AllocatorStats;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.MpsOutOfMemoryException;
import org.mpsharness.core.alloc.PoolKind;
import org.mpsharness.core.alloc.Usage;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.device.StorageMode;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.core.stream.SyncType;

/**
 * A user's caching allocator written from scratch against the public API only (it extends none of the project's
 * allocators and lives outside its packages), which is what the issue on trustworthy verdicts asks to be possible.
 * One Java monitor guards everything; each block has a device heap of its own, exactly its aligned size; freed blocks
 * wait in a free list per (pool, size). Slow by design, but correct; the test beside it runs every check of the
 * harness on it, as a user does with {@code ./harness check --design com.example.alloc.MonitorCachingAllocator}.
 *
 * <p>The reuse rule (invariant 2): a freed block is remembered with its home stream's fence; a malloc on the home
 * stream takes it at once, one on another stream only once that fence completed. recordEvents gives a block one
 * shared event per foreign stream; a block freed before its events completed is pending and is not handed out until
 * they did. An event's signal is reserved under the monitor and encoded after leaving it: entering a stream may wait
 * in the commit gate, and no allocator lock may be held across such a wait (invariant 9).
 */
public final class MonitorCachingAllocator implements CachingAllocator {
    private final StreamPool streams;
    private final Device device;
    /**
     * Every live block's record, by block id. Why not an {@code IdentityHashMap<BufferBlock, BlockRecord>}: under
     * lincheck-model-checking (Lincheck 3.7) such a map lost entries — a block put in it was not found again, so
     * emptyCache met a block with no record — although the same allocator keyed by id passes; Lincheck rewrites
     * identity hash codes inside the code it analyses, which makes an identity-keyed map inconsistent (no check fails
     * the id-keyed version, and no other check failed the identity-keyed one).
     */
    private final Map<Long, BlockRecord> known = new HashMap<>(); // guarded by this
    private final Map<PoolKind, Map<Long, ArrayDeque<BufferBlock>>> free = new EnumMap<>(PoolKind.class); // this
    private final List<BufferBlock> pending = new ArrayList<>(); // guarded by this
    private final Map<PoolKind, long[]> figures = new EnumMap<>(PoolKind.class); // guarded by this
    private long nextId; // guarded by this
    private long current; // guarded by this
    private long total; // guarded by this
    private double highRatio; // guarded by this
    private double lowRatio; // guarded by this
    private boolean closed; // guarded by this

    /** Indices into a pool's {@link #figures}. */
    private static final int BUFFERS = 0;
    private static final int ALLOCATED = 1;
    private static final int AVAILABLE = 2;
    private static final int PENDING = 3;
    private static final int HEAP_BYTES = 4;

    /** The component convention of an allocator: the stream pool it serves and the settings. */
    public MonitorCachingAllocator(StreamPool streams, AllocatorConfig config) {
        this.streams = streams;
        this.device = streams.device();
        for (PoolKind k : PoolKind.values()) {
            free.put(k, new HashMap<>());
            figures.put(k, new long[5]);
        }
        setHighWatermarkRatio(config.highWatermarkRatio());
        setLowWatermarkRatio(config.effectiveLowRatio(device.hasUnifiedMemory()));
    }

    @Override
    public String design() {
        return "monitor";
    }

    @Override
    public BufferBlock malloc(long size, Usage usage) {
        if (size <= 0 || size >= device.maxBufferLength()) {
            throw new IllegalArgumentException("invalid buffer size " + size + " B (device maximum "
                    + device.maxBufferLength() + " B)");
        }
        StorageMode mode = usage == Usage.PRIVATE ? StorageMode.PRIVATE : StorageMode.SHARED;
        long aligned = device.heapBufferSizeAndAlign(size, mode).alignedSize();
        PoolKind kind = AllocSizes.poolFor(size, aligned, usage, device.hasUnifiedMemory());
        MpsStream stream = streams.getCurrentStream();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("malloc on a closed allocator");
            }
            processPending();
            BufferBlock b = takeFree(kind, aligned, stream);
            if (b == null) {
                b = newBlock(kind, aligned);
            }
            if (b == null) {
                releaseFree(); // the out-of-memory ladder: give every cached buffer back, then try once more
                b = newBlock(kind, aligned);
            }
            if (b == null) {
                throw new MpsOutOfMemoryException("MPS backend out of memory (monitor allocator: " + total
                        + " B of heaps, device holds " + device.currentAllocatedSize() + " B). Tried to allocate "
                        + aligned + " B on " + kind + " pool after freeing cached memory.", snapshot());
            }
            b.handOut(stream, size);
            record(b).fence = 0;
            current += aligned;
            return b;
        }
    }

    @Override
    public void free(BufferBlock b) {
        MpsStream home = b.stream();
        // read before taking the monitor: the stream's own mutex is then never taken inside ours
        long fence = home == null ? 0 : home.fenceValue();
        List<SharedEvent> done = new ArrayList<>();
        synchronized (this) {
            BlockRecord r = record(b);
            if (r == null) {
                throw new IllegalStateException("free of " + b + ": not a buffer of this allocator (or released)");
            }
            boolean waits = false;
            for (BlockRecord.Signal s : r.events) {
                waits |= !s.completed();
            }
            b.takeBack(waits); // IllegalStateException on a double free, before anything is counted
            r.fence = fence;
            current -= b.size();
            if (waits) {
                pending.add(b);
                figures.get(b.pool())[PENDING] += b.size();
            } else {
                dropEvents(r, done);
                addFree(b);
            }
        }
        releaseEvents(done);
    }

    @Override
    public boolean recordEvents(List<BufferBlock> blocks, MpsStream stream) {
        List<BlockRecord.Signal> reserved = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        synchronized (this) {
            for (BufferBlock b : blocks) {
                BlockRecord r = record(b);
                if (r == null || b.state() != BufferBlock.IN_USE || b.stream() == stream) {
                    continue; // the home stream runs in order: no event needed
                }
                BlockRecord.Signal s = r.eventFor(stream, device);
                reserved.add(s);
                values.add(++s.value);
            }
        }
        for (int i = 0; i < reserved.size(); i++) {
            stream.encodeSignalEvent(reserved.get(i).event, values.get(i)); // no allocator lock held here
        }
        return !reserved.isEmpty();
    }

    @Override
    public void emptyCache() {
        // invariant 3: sync every created stream first (no monitor held: a sync waits for the GPU), so that blocks
        // whose work or recorded use was in flight are released too
        for (int i = 0; i < StreamPool.NUM_STREAMS; i++) {
            MpsStream s = streams.peekStream(i);
            if (s != null) {
                s.synchronize(SyncType.COMMIT_AND_WAIT);
            }
        }
        List<SharedEvent> done = new ArrayList<>();
        synchronized (this) {
            processPending(done);
            releaseFree();
        }
        releaseEvents(done);
    }

    @Override
    public void freeInactiveBuffers() {
        List<SharedEvent> done = new ArrayList<>();
        synchronized (this) {
            processPending(done);
        }
        releaseEvents(done);
    }

    @Override
    public void flushThreadCache() {
        // no thread caches: every free block is in the shared free lists already
    }

    @Override
    public synchronized long getLowWatermarkValue() {
        if (lowRatio == 0) {
            return Long.MAX_VALUE;
        }
        long limit = (long) (lowRatio * device.recommendedMaxWorkingSetSize());
        return Math.max(0, (limit - device.currentAllocatedSize()) / AllocSizes.MiB);
    }

    @Override
    public synchronized void setHighWatermarkRatio(double ratio) {
        if (!(ratio >= 0 && ratio <= AllocatorConfig.HIGH_UPPER_BOUND)) {
            throw new IllegalArgumentException("invalid high watermark ratio " + ratio);
        }
        highRatio = ratio;
    }

    @Override
    public synchronized void setLowWatermarkRatio(double ratio) {
        double limit = highRatio == 0 ? AllocatorConfig.HIGH_UPPER_BOUND : highRatio;
        if (!(ratio >= 0 && ratio <= limit)) {
            throw new IllegalArgumentException("invalid low watermark ratio " + ratio);
        }
        lowRatio = ratio;
    }

    @Override
    public synchronized long getCurrentAllocatedMemory() {
        return current;
    }

    @Override
    public synchronized long getTotalAllocatedMemory() {
        return total;
    }

    @Override
    public synchronized AllocatorStats stats() {
        return snapshot();
    }

    /** Gives every cached buffer back; blocks still in use or pending are left to {@link #stats()} to report. */
    @Override
    public void close() {
        emptyCache();
        synchronized (this) {
            closed = true;
        }
    }

    // ------------------------------------------------------------------ under the monitor

    /** A free block of exactly {@code size} bytes that {@code stream} may use now (invariant 2), or null. */
    private BufferBlock takeFree(PoolKind kind, long size, MpsStream stream) {
        ArrayDeque<BufferBlock> list = free.get(kind).get(size);
        if (list == null) {
            return null;
        }
        for (Iterator<BufferBlock> it = list.iterator(); it.hasNext(); ) {
            BufferBlock b = it.next();
            MpsStream home = b.stream();
            if (home == stream || home.fenceCompleted(record(b).fence)) {
                it.remove();
                figures.get(kind)[AVAILABLE] -= size;
                return b;
            }
        }
        return null;
    }

    /** A new block on a heap of its own, or null when the high watermark or the device refuses. */
    private BufferBlock newBlock(PoolKind kind, long size) {
        if (highRatio > 0
                && device.currentAllocatedSize() + size > highRatio * device.recommendedMaxWorkingSetSize()) {
            return null;
        }
        DeviceHeap heap = device.newHeap(size, kind.storage());
        if (heap == null) {
            return null;
        }
        DeviceBuffer buffer = heap.newBuffer(size);
        if (buffer == null) {
            heap.release();
            return null;
        }
        BufferBlock b = BufferBlock.of(++nextId, buffer, size, kind);
        known.put(b.id(), new BlockRecord(b, heap));
        long[] f = figures.get(kind);
        f[BUFFERS]++;
        f[ALLOCATED] += size;
        f[HEAP_BYTES] += heap.size();
        total += heap.size();
        return b;
    }

    /** The record of {@code b} if it is a live block of this allocator (a foreign block of the same id is not). */
    private BlockRecord record(BufferBlock b) {
        BlockRecord r = known.get(b.id());
        return r != null && r.block == b ? r : null;
    }

    private void addFree(BufferBlock b) {
        free.get(b.pool()).computeIfAbsent(b.size(), k -> new ArrayDeque<>()).addLast(b);
        figures.get(b.pool())[AVAILABLE] += b.size();
    }

    private void processPending() {
        List<SharedEvent> done = new ArrayList<>();
        processPending(done);
        for (SharedEvent e : done) {
            e.release(); // an event's release enters no stream
        }
    }

    /** Moves pending blocks whose events all completed to the free lists; their events go to {@code done}. */
    private void processPending(List<SharedEvent> done) {
        for (Iterator<BufferBlock> it = pending.iterator(); it.hasNext(); ) {
            BufferBlock b = it.next();
            BlockRecord r = record(b);
            boolean all = true;
            for (BlockRecord.Signal s : r.events) {
                all &= s.completed();
            }
            if (all) {
                it.remove();
                b.pendingCompleted();
                figures.get(b.pool())[PENDING] -= b.size();
                dropEvents(r, done);
                addFree(b);
            }
        }
    }

    /** Gives every free block's buffer and heap back to the device. */
    private void releaseFree() {
        for (Map<Long, ArrayDeque<BufferBlock>> bySize : free.values()) {
            for (ArrayDeque<BufferBlock> list : bySize.values()) {
                for (BufferBlock b : list) {
                    b.retire();
                    BlockRecord r = known.remove(b.id());
                    long[] f = figures.get(b.pool());
                    f[BUFFERS]--;
                    f[ALLOCATED] -= b.size();
                    f[AVAILABLE] -= b.size();
                    f[HEAP_BYTES] -= r.heap.size();
                    total -= r.heap.size();
                    b.buffer().release();
                    r.heap.release();
                }
            }
            bySize.clear();
        }
    }

    private static void dropEvents(BlockRecord r, List<SharedEvent> done) {
        for (BlockRecord.Signal s : r.events) {
            done.add(s.event);
        }
        r.events.clear();
    }

    private static void releaseEvents(List<SharedEvent> done) {
        for (SharedEvent e : done) {
            e.release();
        }
    }

    private AllocatorStats snapshot() {
        List<AllocatorStats.PoolStats> pools = new ArrayList<>();
        for (PoolKind k : PoolKind.values()) {
            long[] f = figures.get(k);
            // one heap per buffer
            pools.add(new AllocatorStats.PoolStats(k, f[BUFFERS], f[ALLOCATED], f[AVAILABLE], f[PENDING], 0,
                    f[BUFFERS], f[HEAP_BYTES]));
        }
        return new AllocatorStats(design(), current, total, pools);
    }
}
