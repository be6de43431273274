package org.mpsharness.core.alloc;

import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.core.stream.SyncType;

/**
 * The baseline allocator with the smallest change that fixes the finding of docs/verification.md, and nothing else:
 * still one global {@code m_mutex}.
 *
 * <ul>
 *   <li>release_cached_buffers syncs <em>every</em> created stream, not only the default one (invariant 3), while the
 *       mutex is dropped — as the baseline already drops it for its one sync;</li>
 *   <li>the release loops then release only buffers the GPU no longer retains and walk a snapshot, so
 *       release_buffer never drops the mutex in the middle of an iteration and no iterator goes stale. A buffer
 *       freed with work still in flight during the sync stays cached until the next emptyCache.</li>
 * </ul>
 * The harness's checks accept it; {@code UnlockedFreeAllocator} is seeded on top of it, so that the checks that
 * reject that variant reject its missing lock, not the baseline's own bug.
 */
public class FixedBaselineAllocator extends BaselineAllocator {

    public FixedBaselineAllocator(StreamPool streams, AllocatorConfig config) {
        super(streams, config);
    }

    @Override
    public String design() {
        return "baseline-fixed";
    }

    @Override
    boolean releaseCachedBuffers() {
        mutex.unlock();
        try {
            for (int i = 0; i < StreamPool.NUM_STREAMS; i++) {
                MpsStream s = streams.peekStream(i);
                if (s != null) {
                    s.synchronize(SyncType.COMMIT_AND_WAIT);
                }
            }
        } finally {
            mutex.lock();
        }
        for (BufferPool pool : pools.values()) {
            pool.processPending(eventPool);
            for (BufferBlock b : pool.availableSnapshot()) {
                if (b.buffer.retainCount() <= 1) {
                    releaseBuffer(b, true); // never drops the mutex: the buffer is idle
                }
            }
        }
        return true;
    }

    @Override
    boolean releaseAvailableCachedBuffers(AllocParams p) {
        long released = 0;
        for (BufferBlock b : p.pool.availableSnapshot()) {
            if (released >= p.size) {
                break;
            }
            if (b.buffer.retainCount() <= 1) {
                released += b.size;
                releaseBuffer(b, true);
            }
        }
        return released >= p.size;
    }
}
