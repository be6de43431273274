package org.mpsharness.model.mutants;

import org.mpsharness.core.pool.HomeSlotFreelist;

/**
 * Seeded bug: reclaiming a dead owner's slot frees it without waking a waiter.
 *
 * <p><b>Operator:</b> remove a call (the wake-up after the reclaim's CAS; the owner's own release still signals).
 * Reclamation is the path by which a dead thread's slot comes back, so a thread waiting for a slot when every other
 * owner has died sleeps although a slot is free.
 *
 * <p><b>Breaks:</b> BackpressureNoLostWakeup on the thread-exit path (invariant 8's reclamation gives the slot back,
 * but not to the waiter).
 *
 * <p><b>Caught by:</b> the contract's reclaim hand-off (a waiter parked while the reclaimed slot is free) and Lincheck
 * model checking on {@code FreelistWaitLin.reclaimWakeup}.
 */
public final class SilentReclaimFreelist extends HomeSlotFreelist {

    @Override
    public boolean reclaim(int slot, Thread deadOwner) {
        if (deadOwner == null || slot < 1 || slot > WORKER_SLOTS) {
            return false;
        }
        long c = cell(slot);
        return ownerToken(c) == token(deadOwner) && freeCell(slot, c); // MUTATION: production signals after it
    }
}
