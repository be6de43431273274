package org.mpsharness.stress.alloc;

import java.util.List;
import org.mpsharness.core.alloc.AllocatorStats;
import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.CachingAllocator;
import org.mpsharness.core.alloc.PoolKind;
import org.mpsharness.core.alloc.Usage;
import org.mpsharness.core.stream.MpsStream;

/**
 * Test-local weakened allocator (negative control of the "two mallocs never overlap" tests): a one-entry "last freed
 * block" fast path in front of a production allocator, shared by all threads, taken by check-then-act.
 *
 * <p><b>Mutation:</b> atomic &rarr; non-atomic. The take should be {@code getAndSet(null)} (or a CAS); here it is a
 * volatile read followed by a volatile write of null, so two mallocs that read the slot before either clears it both
 * get the same block. <b>Breaks:</b> invariant 1 (a block in use by exactly one owner). <b>Caught by:</b>
 * {@code BrokenRacyLastFreedMallocDistinct}.
 *
 * <p>Why a wrapper and not a copy of the allocator: the allocator's own seeded bugs are catalogued elsewhere; this is
 * the smallest component that gives the jcstress test shape a bug of the kind it is meant to catch. Blocks parked in
 * the slot stay in use as far as the wrapped allocator knows, so its statistics stay consistent.
 */
final class RacyLastFreedAllocator implements CachingAllocator {
    private final CachingAllocator delegate;
    private volatile BufferBlock lastFreed;

    RacyLastFreedAllocator(CachingAllocator delegate) {
        this.delegate = delegate;
    }

    @Override
    public BufferBlock malloc(long size, Usage usage) {
        BufferBlock b = lastFreed;
        if (b != null && b.size() >= size && b.pool() == poolOf(usage)) {
            lastFreed = null; // MUTATION: check, then act
            return b;
        }
        return delegate.malloc(size, usage);
    }

    /** The tests use small PRIVATE blocks only; any other request bypasses the slot. */
    private static PoolKind poolOf(Usage usage) {
        return usage == Usage.PRIVATE ? PoolKind.PRIVATE_SMALL : null;
    }

    @Override
    public void free(BufferBlock block) {
        BufferBlock old = lastFreed;
        lastFreed = block;
        if (old != null) {
            delegate.free(old);
        }
    }

    @Override
    public String design() {
        return "racy-last-freed(" + delegate.design() + ")";
    }

    @Override
    public boolean recordEvents(List<BufferBlock> blocks, MpsStream stream) {
        return delegate.recordEvents(blocks, stream);
    }

    @Override
    public void emptyCache() {
        delegate.emptyCache();
    }

    @Override
    public void freeInactiveBuffers() {
        delegate.freeInactiveBuffers();
    }

    @Override
    public void flushThreadCache() {
        delegate.flushThreadCache();
    }

    @Override
    public long getLowWatermarkValue() {
        return delegate.getLowWatermarkValue();
    }

    @Override
    public void setHighWatermarkRatio(double ratio) {
        delegate.setHighWatermarkRatio(ratio);
    }

    @Override
    public void setLowWatermarkRatio(double ratio) {
        delegate.setLowWatermarkRatio(ratio);
    }

    @Override
    public long getCurrentAllocatedMemory() {
        return delegate.getCurrentAllocatedMemory();
    }

    @Override
    public long getTotalAllocatedMemory() {
        return delegate.getTotalAllocatedMemory();
    }

    @Override
    public AllocatorStats stats() {
        return delegate.stats();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
