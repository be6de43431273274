package org.mpsharness.model.mutants;

import org.mpsharness.core.device.Device;
import org.mpsharness.core.pool.ComposedStreamPool;
import org.mpsharness.core.pool.StoredIndexLookup;
import org.mpsharness.core.pool.BitmaskFreelist;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.stream.CommitGate;

/**
 * Seeded bug: the improved stream pool built on {@link NoRecheckOncePerSlot} (double-checked creation without the
 * re-check under the slot lock).
 *
 * <p><b>Operator:</b> drop the re-check, in the once-component the pool delegates to. <b>Breaks:</b> invariant 6 (a
 * second stream, i.e. a second native queue, for one slot; the first leaks) and invariant 7 (the caller holding the
 * overwritten stream cannot make it current: its index is no longer the slot that publishes it).
 * <b>Caught by:</b> jcstress {@code BrokenNoRecheckPoolCurrentStream}.
 */
public final class NoRecheckStreamPool extends ComposedStreamPool {

    public NoRecheckStreamPool(Device device, CommitGate gate, PoolConfig config) {
        super("no-recheck-once", device, gate, config, new BitmaskFreelist(),
                factory -> new NoRecheckOncePerSlot<>(NUM_STREAMS, factory),
                new StoredIndexLookup());
    }
}
