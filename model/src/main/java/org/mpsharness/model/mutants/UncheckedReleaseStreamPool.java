package org.mpsharness.model.mutants;

import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.ComposedStreamPool;
import org.mpsharness.core.pool.StoredIndexLookup;
import org.mpsharness.core.once.PerSlotOnce;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.stream.CommitGate;

/**
 * Seeded bug: the improved stream pool built on {@link NoOwnerCheckFreelist} (release without the ownership check).
 *
 * <p><b>Operator:</b> remove the guard of the release, in the freelist the pool delegates to. <b>Breaks:</b> invariant
 * 8 (release only by the owner): releaseStreamSlot from a thread that does not own the slot frees it under its owner.
 * <b>Caught by:</b> jcstress {@code BrokenUncheckedReleasePoolRelease}.
 */
public final class UncheckedReleaseStreamPool extends ComposedStreamPool {

    public UncheckedReleaseStreamPool(Device device, CommitGate gate, PoolConfig config) {
        super("unchecked-release", device, gate, config, new NoOwnerCheckFreelist(),
                factory -> new PerSlotOnce<>(NUM_STREAMS, factory),
                new StoredIndexLookup());
    }
}
