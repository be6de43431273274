package org.mpsharness.core.pool;

import org.mpsharness.core.once.OncePerSlot;
import org.mpsharness.core.stream.MpsStream;

/**
 * Improved design of improvement 3: read the slot index stored on the stream when it was created (as CUDA packs the
 * index into the stream id), and validate it by identity against the stream published for that slot, so that a
 * stream of another pool is still refused (invariant 7). No lock, no scan: one field read and one acquire load
 * ({@code streams.peek}, C++ {@code streams_[idx].load(std::memory_order_acquire)}).
 */
public final class StoredIndexLookup implements IndexLookup {

    public StoredIndexLookup() {
        // stateless: the constructor convention of IndexLookup is ()
    }

    @Override
    public int indexOf(MpsStream stream, OncePerSlot<MpsStream> streams) {
        int idx = stream.index();
        return idx >= 0 && idx < streams.size() && streams.peek(idx) == stream ? idx : -1;
    }
}
