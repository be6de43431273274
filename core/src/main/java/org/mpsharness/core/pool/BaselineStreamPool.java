package org.mpsharness.core.pool;

import org.mpsharness.core.device.Device;
import org.mpsharness.core.once.GlobalLockOncePerSlot;
import org.mpsharness.core.stream.CommitGate;

/**
 * Baseline of improvements 3–5, as the design note describes the fork: a freelist under one mutex, getStream taking
 * the creation mutex even when the stream exists, and setCurrentStream scanning all 32 slots under that mutex to find
 * the stream's index. The same parts as {@code DesignSet.baseline()} (a test keeps the two in step).
 */
public final class BaselineStreamPool extends ComposedStreamPool {

    public BaselineStreamPool(Device device, CommitGate gate, PoolConfig config) {
        super("baseline", device, gate, config, new MutexFreelist(),
                factory -> new GlobalLockOncePerSlot<>(NUM_STREAMS, factory), new ScanIndexLookup());
    }
}
