package org.mpsharness.model.mutants;

import org.mpsharness.core.pool.HomeSlotFreelist;

/**
 * Seeded bug: reclaiming a dead owner's slot checks the owner, then frees the cell with a plain store.
 *
 * <p><b>Operator:</b> atomic &rarr; non-atomic (the CAS owned-by-the-dead&rarr;free split into a read and a write).
 * Two reclaimers (two threads that found no free slot and scanned for dead owners at once) both see the dead owner
 * and both report the slot reclaimed; if a third thread takes the slot in between, the late store frees it under
 * its new owner.
 *
 * <p><b>Breaks:</b> invariant 8 (a dead owner's slot reclaimed exactly once; a slot has at most one owner).
 *
 * <p><b>Caught by:</b> Lincheck model checking on {@code FreelistLin.doubleReclaim} and jcstress
 * {@code freelist.BrokenCheckThenReclaimTwoReclaimers} (both reclaimers succeed).
 */
public final class CheckThenReclaimFreelist extends HomeSlotFreelist {

    @Override
    public boolean reclaim(int slot, Thread deadOwner) {
        if (deadOwner == null || slot < 1 || slot > WORKER_SLOTS) {
            return false;
        }
        long c = cell(slot);
        if (ownerToken(c) != token(deadOwner)) {
            return false;
        }
        storeCell(slot, freed(c)); // MUTATION: production compares-and-sets c -> freed(c)
        waiters().slotFreed();
        return true;
    }
}
