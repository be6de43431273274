package org.mpsharness.core.pool;

import org.mpsharness.core.device.Device;
import org.mpsharness.core.once.PerSlotOnce;
import org.mpsharness.core.stream.CommitGate;

/**
 * The improved design of improvements 3–5 as one pool: the freelist that scales, per-slot exactly-once creation with a
 * lock-free fast path, and setCurrentStream reading the index stored on the stream (one thread-local write, no lock,
 * no scan). The same parts as {@code DesignSet.improved()} (a test keeps the two in step).
 */
public final class ImprovedStreamPool extends ComposedStreamPool {

    public ImprovedStreamPool(Device device, CommitGate gate, PoolConfig config) {
        super("improved", device, gate, config, new HomeSlotFreelist(),
                factory -> new PerSlotOnce<>(NUM_STREAMS, factory), new StoredIndexLookup());
    }
}
