package org.mpsharness.model.mutants;

import org.mpsharness.core.pool.HomeSlotFreelist;

/**
 * Seeded bug in {@link HomeSlotFreelist}: "drop the re-check" — "no slot free" and the free count are decided from one
 * scan of the per-slot cells instead of two collects with the same generations. A slot freed behind the scan and
 * another taken ahead of it make the scan report a pool that was never full (or a count it never had).
 *
 * <p><b>Operator:</b> drop the re-check (the second collect's verdict is ignored). Everything else is the production
 * class, through its {@code confirmedByCollect} step.
 *
 * <p><b>Breaks:</b> invariant 8's bookkeeping (the free count) and linearizability of a failing acquire.
 *
 * <p><b>Caught by:</b> the contract's hand-over check (a free count of 2 when only 0 or 1 were ever true) and jcstress
 * {@code BrokenSingleCollectFreeCountHandover}.
 */
public final class SingleCollectHomeSlotFreelist extends HomeSlotFreelist {

    @Override
    protected boolean confirmedByCollect(long firstGenerations, long secondGenerations) {
        return true; // MUTATION: production requires the two collects to agree
    }
}
