package org.mpsharness.model.mutants;

import org.mpsharness.core.pool.BitmaskFreelist;
import org.mpsharness.core.pool.FreeSlotWaiters;

/**
 * Seeded bug: the waiter count of the backpressure path as a plain int field instead of a sequentially consistent
 * atomic.
 *
 * <p><b>Operator:</b> remove volatile / atomic &rarr; plain ({@code waiters++}, {@code waiters--}, plain read). The
 * no-lost-wake-up argument is Dekker's: the waiter publishes "I wait" then reads the mask; the releaser publishes the
 * bit then reads "anyone waiting?". With a plain store on the waiter side the store may sit in the store buffer while
 * the mask is read, so both sides miss each other: the waiter sleeps with a free slot and the releaser signals no one.
 * (The plain {@code ++} also loses counts between two waiters.) On x86 the waiter's lock acquisition between its store
 * and its re-check is a locked instruction that drains the store buffer, so the reordering needs a weaker machine (ARM)
 * or a JIT that moves the store into the critical section; {@link LateWaiterFreelist} is the interleaving version.
 *
 * <p><b>Breaks:</b> the fork's BackpressureNoLostWakeup: an acquire waits out its whole time-out although a slot was
 * released meanwhile.
 *
 * <p><b>Caught by:</b> nothing reliable on the x86 build machine. A timing-based jcstress test did record a few
 * "woken only by the time-out" outcomes for it, but the correct freelists recorded them at the same rate, so they
 * are scheduling noise, not evidence (docs/memory-model.md). A model checker that assumes sequential consistency
 * cannot see it either; it needs a weakly ordered machine.
 */
public final class PlainWaitersFreelist extends BitmaskFreelist {

    public PlainWaitersFreelist() {
        super(new PlainCount());
    }

    /** The production protocol with its waiter count made plain. */
    private static final class PlainCount extends FreeSlotWaiters {
        private int plainWaiters; // MUTATION: production uses an AtomicInteger (seq_cst RMW)

        @Override
        protected void register() {
            plainWaiters++;
        }

        @Override
        protected void unregister() {
            plainWaiters--;
        }

        @Override
        protected boolean hasWaiters() {
            return plainWaiters > 0;
        }
    }
}
