package org.mpsharness.model.mutants;

import org.mpsharness.core.device.Device;
import org.mpsharness.core.once.PerSlotOnce;
import org.mpsharness.core.pool.ComposedStreamPool;
import org.mpsharness.core.pool.StoredIndexLookup;
import org.mpsharness.core.pool.HomeSlotFreelist;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.stream.CommitGate;

/**
 * Seeded bug: the reclamation of a dead owner's slot gives the slot back without ending the dead owner's activation of
 * the slot's stream in the commit gate.
 *
 * <p><b>Operator:</b> remove a call (the gate deactivation before the freelist's reclaim). The loop is the
 * production {@code reclaimDeadOwners} without that call.
 *
 * <p><b>Breaks:</b> the pool's activation bookkeeping (a worker stream is active exactly while its slot is held): the
 * dead thread's stream stays active for good, so the adaptive gate never lets a single remaining stream
 * commit-and-continue again (improvement 2 silently lost), and the count grows with every dead thread.
 *
 * <p><b>Caught by:</b> the pool contract (after a dead owner's slot is reclaimed the gate still counts its stream).
 */
public final class NoDeactivateReclaimPool extends ComposedStreamPool {

    public NoDeactivateReclaimPool(Device device, CommitGate gate, PoolConfig config) {
        super("no-deactivate-reclaim", device, gate, config, new HomeSlotFreelist(),
                factory -> new PerSlotOnce<>(NUM_STREAMS, factory), new StoredIndexLookup());
    }

    @Override
    protected void endDeadOwnersActivation(int slot, Thread deadOwner) {
        // MUTATION: production ends the dead owner's gate activation here, before the slot is free again
    }
}
