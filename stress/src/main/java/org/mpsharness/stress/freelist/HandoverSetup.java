package org.mpsharness.stress.freelist;

import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.stress.support.Fixtures;

/** The state of the free-count hand-over tests: A owns slot 31, slot 1 is the only free one. */
final class HandoverSetup {
    private HandoverSetup() {
    }

    static SlotFreelist prepare(SlotFreelist fl) {
        for (int i = 0; i < SlotFreelist.WORKER_SLOTS; i++) {
            fl.tryAcquire(Fixtures.OWNER_X);
        }
        fl.release(SlotFreelist.WORKER_SLOTS, Fixtures.OWNER_X);
        if (fl.tryAcquire(Fixtures.OWNER_A) != SlotFreelist.WORKER_SLOTS) {
            throw new IllegalStateException("set-up: A did not get slot 31");
        }
        fl.release(1, Fixtures.OWNER_X);
        return fl;
    }

    /** A takes the free slot, then gives back slot 31: the slot it took (1 expected), or -9 on a failure. */
    static int handOver(SlotFreelist fl) {
        try {
            int s = fl.tryAcquire(Fixtures.OWNER_A);
            return fl.release(SlotFreelist.WORKER_SLOTS, Fixtures.OWNER_A) == ReleaseOutcome.RELEASED ? s
                    : Fixtures.EXCEPTION;
        } catch (RuntimeException e) {
            return Fixtures.EXCEPTION;
        }
    }

    /** B's side: the free count, or -9 on an exception. */
    static int count(SlotFreelist fl) {
        try {
            return fl.freeCount();
        } catch (RuntimeException e) {
            return Fixtures.EXCEPTION;
        }
    }
}
