package org.mpsharness.model.mutants;

import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.ComposedStreamPool;
import org.mpsharness.core.pool.StoredIndexLookup;
import org.mpsharness.core.once.PerSlotOnce;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.stream.CommitGate;

/**
 * Seeded bug: the improved stream pool built on {@link GetSetBitmaskFreelist} (acquire CAS split into get + set).
 *
 * <p><b>Operator:</b> atomic &rarr; non-atomic, in the freelist the pool delegates to; everything else is the improved
 * pool. <b>Breaks:</b> invariant 8 / MutualExclusion: two threads bound to one worker stream.
 * <b>Caught by:</b> jcstress {@code BrokenGetSetPoolDistinctSlots} (two acquireSlot calls return the same slot).
 */
public final class GetSetFreelistStreamPool extends ComposedStreamPool {

    public GetSetFreelistStreamPool(Device device, CommitGate gate, PoolConfig config) {
        super("getset-freelist", device, gate, config, new GetSetBitmaskFreelist(),
                factory -> new PerSlotOnce<>(NUM_STREAMS, factory),
                new StoredIndexLookup());
    }
}
