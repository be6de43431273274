package org.mpsharness.model.mutants;

import org.mpsharness.core.pool.FreeSlotWaiters;
import org.mpsharness.core.pool.HomeSlotFreelist;

/**
 * Seeded bug: a waiter of the backpressure path re-checks for a free slot under the lock and sleeps, but never counts
 * itself as a waiter.
 *
 * <p><b>Operator:</b> remove a call (the registration before the re-check, and its undo). The re-check under the
 * lock is still there, so a slot freed before the waiter looked is found; but a releaser that frees a slot while the
 * waiter sleeps reads "no waiters" and signals no one.
 *
 * <p><b>Breaks:</b> the fork's BackpressureNoLostWakeup: a waiter sleeps through a release until its time-out.
 *
 * <p><b>Caught by:</b> the contract's hand-off check (the waiter stays parked while the slot it waits for is free)
 * and Lincheck model checking on {@code FreelistWaitLin.lostWakeup}.
 */
public final class UnregisteredWaiterFreelist extends HomeSlotFreelist {

    public UnregisteredWaiterFreelist() {
        super(new Unregistered());
    }

    /** The production protocol without the registration. */
    private static final class Unregistered extends FreeSlotWaiters {
        @Override
        protected void register() {
            // MUTATION: production counts the waiter here (seq_cst increment) before its re-check
        }

        @Override
        protected void unregister() {
            // MUTATION: nothing to undo
        }
    }
}
