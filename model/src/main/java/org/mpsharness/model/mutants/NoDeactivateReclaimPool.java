package org.mpsharness.model.mutants;

import org.mpsharness.core.device.Device;
import org.mpsharness.core.once.PerSlotOnce;
import org.mpsharness.core.pool.AbstractStreamPool;
import org.mpsharness.core.pool.HomeSlotFreelist;
import org.mpsharness.core.pool.PoolConfig;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.MpsStream;

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
public final class NoDeactivateReclaimPool extends AbstractStreamPool {
    private final SlotFreelist freelist;

    public NoDeactivateReclaimPool(Device device, CommitGate gate, PoolConfig config) {
        this(device, gate, config, new HomeSlotFreelist());
    }

    private NoDeactivateReclaimPool(Device device, CommitGate gate, PoolConfig config, SlotFreelist freelist) {
        super("no-deactivate-reclaim", device, gate, config, freelist,
                factory -> new PerSlotOnce<>(NUM_STREAMS, factory), true);
        this.freelist = freelist;
    }

    @Override
    public int reclaimDeadOwners() {
        int n = 0;
        for (int s = 1; s < NUM_STREAMS; s++) {
            Thread owner = freelist.ownerOf(s);
            // MUTATION: production ends the dead owner's gate activation here, before the slot is free again
            if (owner != null && !owner.isAlive() && freelist.reclaim(s, owner)) {
                n++;
            }
        }
        return n;
    }

    /** As the improved pool: the stored index, validated against the stream published for it. */
    @Override
    protected int indexOf(MpsStream stream) {
        int idx = stream.index();
        return streams().peek(idx) == stream ? idx : -1;
    }
}
