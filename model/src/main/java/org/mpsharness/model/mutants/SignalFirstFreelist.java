package org.mpsharness.model.mutants;

import org.mpsharness.core.pool.HomeSlotFreelist;

/**
 * Seeded bug: a release wakes a sleeping waiter <em>before</em> the slot it frees is visible.
 *
 * <p><b>Operator:</b> swap two statements (the signal moved above the CAS that frees the cell). The woken waiter
 * re-checks, may find the cell still taken and go back to sleep; the CAS then frees the slot and nobody signals again.
 *
 * <p><b>Breaks:</b> the fork's BackpressureNoLostWakeup: a free slot and a sleeping waiter, until its time-out.
 *
 * <p><b>Caught by:</b> Lincheck model checking on {@code FreelistWaitLin.lostWakeup} (the interleaving where the
 * woken waiter re-checks between the signal and the CAS leaves it waiting for good: a hang).
 */
public final class SignalFirstFreelist extends HomeSlotFreelist {

    @Override
    protected boolean freeAndSignal(int slot, long seen) {
        waiters().slotFreed(); // MUTATION: production signals after the CAS below
        return freeCell(slot, seen);
    }
}
