package org.mpsharness.core.alloc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.device.StorageMode;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.MpsStream;

/**
 * What both allocator designs share and that holds no lock of its own: the size policy applied to a request, the
 * watermarks, the out-of-memory message and the statistics snapshot.
 */
abstract class HeapAllocatorBase implements CachingAllocator {
    /** Distinct request sizes whose rounding is memoised (beyond it the device is asked every time). */

    private final String design;
    protected final StreamPool streams;
    protected final Device device;
    protected final AllocatorConfig config;
    protected EventPool eventPool;
    /** Watermark limits in bytes; volatile: they can be changed while other threads allocate. */
    protected volatile long maxTotalAllowed;
    protected volatile long lowWatermarkLimit;
    protected volatile double lowRatio;
    private volatile double highRatio;
    /** requested size → aligned size, per storage mode: a lock-free read on the hot path, no native call. */
    private final RoundingMemo privateRounding = new RoundingMemo();
    private final RoundingMemo sharedRounding = new RoundingMemo();

    protected HeapAllocatorBase(String design, StreamPool streams, AllocatorConfig config) {
        this.design = design;
        this.streams = streams;
        this.device = streams.device();
        this.config = config;
        setHighWatermarkRatio(config.highWatermarkRatio());
        setLowWatermarkRatio(config.effectiveLowRatio(device.hasUnifiedMemory()));
        if (streams instanceof org.mpsharness.core.pool.ComposedStreamPool) {
            ((org.mpsharness.core.pool.ComposedStreamPool) streams).setLowWatermarkHeadroom(this::getLowWatermarkValue);
        }
    }

    protected final void initEventPool(LongSupplier ids) {
        this.eventPool = new EventPool(device, ids);
    }

    /** The event pool (for checks of event-id uniqueness and leaks). */
    public EventPool eventPool() {
        return eventPool;
    }

    @Override
    public String design() {
        return design;
    }

    @Override
    public final void setHighWatermarkRatio(double ratio) {
        if (!(ratio >= 0 && ratio <= AllocatorConfig.HIGH_UPPER_BOUND)) {
            throw new IllegalArgumentException("invalid high watermark ratio " + ratio);
        }
        maxTotalAllowed = ratio == 0 ? Long.MAX_VALUE : (long) (ratio * device.recommendedMaxWorkingSetSize());
        highRatio = ratio;
    }

    @Override
    public final void setLowWatermarkRatio(double ratio) {
        double limit = highRatio == 0 ? AllocatorConfig.HIGH_UPPER_BOUND : highRatio;
        if (!(ratio >= 0 && ratio <= limit)) {
            throw new IllegalArgumentException("invalid low watermark ratio " + ratio);
        }
        lowWatermarkLimit = ratio == 0 ? Long.MAX_VALUE : (long) (ratio * device.recommendedMaxWorkingSetSize());
        lowRatio = ratio;
    }

    @Override
    public long getLowWatermarkValue() {
        if (lowRatio == 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, (lowWatermarkLimit - device.currentAllocatedSize()) / AllocSizes.MiB);
    }

    /** get_allocation_size: the device's size and alignment for a heap buffer, memoised per request size. */
    protected final long allocationSize(long size, StorageMode mode) {
        RoundingMemo memo = mode == StorageMode.PRIVATE ? privateRounding : sharedRounding;
        return memo.get(size, device, mode);
    }

    /** One malloc's parameters (AllocParams). */
    protected static final class AllocParams {
        final long requested;
        final long size;
        final BufferPool pool;
        final MpsStream stream;
        boolean pressure;

        AllocParams(long requested, long size, BufferPool pool, MpsStream stream) {
            this.requested = requested;
            this.size = size;
            this.pool = pool;
            this.stream = stream;
        }
    }

    protected final AllocParams params(long size, Usage usage, MpsStream stream, Map<PoolKind, BufferPool> pools) {
        checkSize(size);
        StorageMode mode = usage == Usage.PRIVATE ? StorageMode.PRIVATE : StorageMode.SHARED;
        long aligned = allocationSize(size, mode);
        PoolKind kind = AllocSizes.poolFor(size, aligned, usage, device.hasUnifiedMemory());
        return params(size, aligned, kind, stream, pools);
    }

    /** As {@link #params(long, Usage, MpsStream, Map)}, for a request already validated, aligned and classified. */
    protected final AllocParams params(long size, long aligned, PoolKind kind, MpsStream stream,
                                       Map<PoolKind, BufferPool> pools) {
        AllocParams p = new AllocParams(size, aligned, pools.get(kind), stream);
        p.pressure = !kind.small() && getLowWatermarkValue() <= 0;
        return p;
    }

    /** A size of 0 or at least the device's maximum buffer length is refused (IllegalArgumentException). */
    protected final void checkSize(long size) {
        if (size <= 0 || size >= device.maxBufferLength()) {
            throw new IllegalArgumentException("Invalid buffer size: " + size + " B (device maximum "
                    + device.maxBufferLength() + " B)");
        }
    }

    protected final MpsOutOfMemoryException outOfMemory(AllocParams p, AllocatorStats stats, long mpsAllocated) {
        long other = device.currentAllocatedSize() - mpsAllocated;
        String limit = highRatio > 0 ? ", max allowed: " + maxTotalAllowed + " B" : "";
        return new MpsOutOfMemoryException("MPS backend out of memory (MPS allocated: " + mpsAllocated
                + " B, other allocations: " + other + " B" + limit + "). Tried to allocate " + p.size + " B on "
                + p.pool.kind + " pool after freeing cached memory"
                + (highRatio > 0 ? ". Set " + AllocatorConfig.HIGH_ENV + "=0.0 to lift the upper limit" : "")
                + ".", stats);
    }

    protected final AllocatorStats snapshot(Map<PoolKind, BufferPool> pools, ToLongFunction<PoolKind> cachedInThreads,
                                            long current, long total) {
        List<AllocatorStats.PoolStats> list = new ArrayList<>();
        for (PoolKind k : PoolKind.values()) {
            list.add(pools.get(k).stats(cachedInThreads.applyAsLong(k)));
        }
        return new AllocatorStats(design, current, total, list);
    }
}
