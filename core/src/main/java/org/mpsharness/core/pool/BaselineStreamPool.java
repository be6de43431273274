package org.mpsharness.core.pool;

import org.mpsharness.core.device.Device;
import org.mpsharness.core.once.GlobalLockOncePerSlot;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * Baseline of improvements 3–5, as the design note describes the fork: a freelist under one mutex, getStream taking
 * the creation mutex even when the stream exists, and setCurrentStream scanning all 32 slots under that mutex to
 * find the stream's index.
 */
public final class BaselineStreamPool extends AbstractStreamPool {

    public BaselineStreamPool(Device device, CommitGate gate, PoolConfig config) {
        super("baseline", device, gate, config, new MutexFreelist(),
                factory -> new GlobalLockOncePerSlot<>(NUM_STREAMS, factory), true);
    }

    /** The scan of MPSStream.mm setCurrentStream: every slot, under stream_creation_mutex_. */
    @Override
    protected int indexOf(MpsStream stream) {
        return streams().indexOf(stream);
    }
}
