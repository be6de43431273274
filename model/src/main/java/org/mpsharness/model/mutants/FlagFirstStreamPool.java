package org.mpsharness.model.mutants;

import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.ComposedStreamPool;
import org.mpsharness.core.pool.StoredIndexLookup;
import org.mpsharness.core.pool.BitmaskFreelist;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.stream.CommitGate;

/**
 * Seeded bug: the improved stream pool built on {@link FlagFirstOncePerSlot} (the once-flag published before the
 * stream it guards is stored).
 *
 * <p><b>Operator:</b> shift the release store above the data write, in the once-component the pool delegates to.
 * <b>Breaks:</b> safe publication of a lazily created stream (invariant 6): getStream on the lock-free fast path
 * returns no stream (null) for a slot that is marked created.
 * <b>Caught by:</b> jcstress {@code BrokenFlagFirstPoolCurrentStream}.
 */
public final class FlagFirstStreamPool extends ComposedStreamPool {

    public FlagFirstStreamPool(Device device, CommitGate gate, PoolConfig config) {
        super("flag-first-once", device, gate, config, new BitmaskFreelist(),
                factory -> new FlagFirstOncePerSlot<>(NUM_STREAMS, factory),
                new StoredIndexLookup());
    }
}
