package org.mpsharness.core.pool;

import org.mpsharness.core.device.Device;
import org.mpsharness.core.once.PerSlotOnce;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * Improved design of improvements 3–5: an atomic bitmask freelist, per-slot exactly-once creation with a lock-free
 * fast path, and setCurrentStream reading the slot index stored on the stream when it was created (one thread-local
 * write, no lock, no scan — as CUDA packs the index into the stream id).
 */
public final class ImprovedStreamPool extends AbstractStreamPool {

    public ImprovedStreamPool(Device device, CommitGate gate, PoolConfig config) {
        super("improved", device, gate, config, new BitmaskFreelist(),
                factory -> new PerSlotOnce<>(NUM_STREAMS, factory), true);
    }

    /**
     * The stored index, validated by identity against the published stream of that slot (an acquire load, no lock),
     * so a foreign stream is still rejected (invariant 7).
     */
    @Override
    protected int indexOf(MpsStream stream) {
        int idx = stream.index();
        return streams().peek(idx) == stream ? idx : -1;
    }
}
