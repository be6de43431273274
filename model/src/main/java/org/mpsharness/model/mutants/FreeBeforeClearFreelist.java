package org.mpsharness.model.mutants;

import org.mpsharness.core.pool.BitmaskFreelist;

import org.mpsharness.core.pool.ReleaseOutcome;

/**
 * Seeded bug: release sets the free bit <em>before</em> it clears the owner entry.
 *
 * <p><b>Operator:</b> shift the publication (the fetch-or that makes the slot free) above the last write of the
 * releaser's critical step. The owner is still checked first, so a non-owner cannot release; but between the bit
 * and the late {@code owners[slot] = null} a new acquirer may claim the slot and record itself, and the late clear then
 * erases the new owner. Production clears the owner with a CAS first and sets the bit last, for exactly this reason
 * (see BitmaskFreelist's javadoc).
 *
 * <p><b>Breaks:</b> invariant 8 / the fork's PoolIntegrity and BoundStreamsHaveOwner: a taken slot (bit clear) with
 * no owner, so the new owner's release is refused (NOT_OWNER) and the slot leaks.
 *
 * <p><b>Caught by:</b> jcstress {@code BrokenFreeBeforeClearReleaseVsAcquire} (the acquirer got the slot, the arbiter
 * finds no owner).
 */
public final class FreeBeforeClearFreelist extends BitmaskFreelist {

    public FreeBeforeClearFreelist() {
        super();
    }

    @Override
    public ReleaseOutcome release(int slot, Thread caller) {
        Thread o = ownerOf(slot);
        if (o != caller) {
            return refusal(slot, o);
        }
        freeBit(slot); // MUTATION: the slot is free for others ...
        storeOwner(slot, null); // ... before its owner entry is cleared
        return ReleaseOutcome.RELEASED;
    }
}
