package org.mpsharness.model.mutants;

import org.mpsharness.core.pool.BitmaskFreelist;

import org.mpsharness.core.pool.ReleaseOutcome;

/**
 * Seeded bug: release without the ownership check — whoever calls release frees the slot.
 *
 * <p><b>Operator:</b> remove the guard (the owner compare-and-set) in front of the state change; the owner entry is
 * cleared with a plain volatile store and the free bit set. The freelist's own consistency check on the bit remains,
 * so a second release of a free slot still throws instead of corrupting the mask.
 *
 * <p><b>Breaks:</b> invariant 8 (release only by the owner, only once; the fork's NoDoubleRelease): a thread exiting
 * late, or a stale lease, frees a slot that another thread now owns, and the next acquirer shares that stream.
 *
 * <p><b>Caught by:</b> jcstress {@code BrokenNoOwnerCheckFreelistReleaseRace} (both the owner's release and the reclaim
 * of a "dead" owner report success, or the second one throws) and {@code BrokenUncheckedReleasePoolRelease} (through
 * {@link UncheckedReleaseStreamPool}).
 */
public final class NoOwnerCheckFreelist extends BitmaskFreelist {

    public NoOwnerCheckFreelist() {
        super();
    }

    @Override
    public ReleaseOutcome release(int slot, Thread caller) {
        storeOwner(slot, null); // MUTATION: production CASes caller -> null and refuses a non-owner
        freeBit(slot);
        return ReleaseOutcome.RELEASED;
    }

    @Override
    public boolean reclaim(int slot, Thread deadOwner) {
        if (deadOwner == null || ownerOf(slot) != deadOwner) { // MUTATION: check, then act
            return false;
        }
        storeOwner(slot, null);
        freeBit(slot);
        return true;
    }
}
