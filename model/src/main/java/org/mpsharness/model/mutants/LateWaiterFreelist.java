package org.mpsharness.model.mutants;

import org.mpsharness.core.pool.BitmaskFreelist;
import org.mpsharness.core.pool.FreeSlotWaiters;

/**
 * Seeded bug: a waiter of the backpressure path counts itself <em>after</em> its last check of the mask instead of
 * before it.
 *
 * <p><b>Operator:</b> shift a statement across the check it must precede (the waiter's registration moved below the
 * re-check). A release that lands between the waiter's failed check and its registration sees no waiter and signals
 * no one; the waiter then sleeps although a slot is free. Unlike {@link PlainWaitersFreelist} this needs no hardware
 * reordering: it is an interleaving, so any machine shows it.
 *
 * <p><b>Breaks:</b> the fork's BackpressureNoLostWakeup. Here the time-out bounds the damage (the loop re-checks after
 * it and then finds the slot), so the symptom is an acquire that takes its whole time-out instead of returning as soon
 * as the slot is released.
 *
 * <p><b>Caught by:</b> no jcstress test of this module. A jcstress test of it needs a timing verdict ("the acquire took
 * its whole time-out"), and on the 2-core build machine the correct freelists showed that verdict too (about 1 in 10^5
 * samples, scheduling delays of the releasing thread): see docs/memory-model.md. BackpressureNoLostWakeup is an
 * interleaving property, the kind a model checker (Lincheck's model-checking mode handles {@code Condition.await})
 * decides without timing; this variant is the negative control for such a check.
 */
public final class LateWaiterFreelist extends BitmaskFreelist {

    public LateWaiterFreelist() {
        super(new LateRegistration());
    }

    /** The production protocol with the registration moved from before the re-check to around the sleep. */
    private static final class LateRegistration extends FreeSlotWaiters {
        @Override
        protected void register() {
            // MUTATION: production registers here, before the first re-check under the lock
        }

        @Override
        protected void unregister() {
        }

        @Override
        protected long sleep(long nanos) throws InterruptedException {
            super.register(); // MUTATION: registered only after the re-check that found no slot
            try {
                return super.sleep(nanos);
            } finally {
                super.unregister();
            }
        }
    }
}
