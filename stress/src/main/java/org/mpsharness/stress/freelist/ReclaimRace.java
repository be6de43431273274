package org.mpsharness.stress.freelist;

import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.stress.support.Fixtures;

/** The reclaiming side of the reclaim races: A (never started, so never alive) is the dead owner. */
final class ReclaimRace {
    private ReclaimRace() {
    }

    /** 1 when this call reclaimed A's slot, 0 when not, -9 on an exception. */
    static int reclaim(SlotFreelist fl, int slot) {
        try {
            return fl.reclaim(slot, Fixtures.OWNER_A) ? 1 : 0;
        } catch (RuntimeException e) {
            return Fixtures.EXCEPTION;
        }
    }
}
