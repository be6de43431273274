package org.mpsharness.model.lincheck;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.mpsharness.core.pool.PoolConfig;

/**
 * {@link StreamPoolLin} with backpressure: the pool waits up to an hour for a slot (for good, as far as a model checker
 * is concerned), and one slot is free. Run only on hand-written scenarios in which every taker gives its slot back, so
 * that each waiting acquire succeeds exactly when a release wakes it; a lost wake-up (or a wait that never ends) is
 * reported by the model checker as a hang.
 */
public class StreamPoolWaitLin extends StreamPoolLin {

    @Override
    PoolConfig config() {
        return new PoolConfig(TimeUnit.HOURS.toMillis(1), PoolConfig.Exhausted.ERROR);
    }

    @Override
    int foreignHeld() {
        return 30;
    }

    @Override
    boolean withDeadOwner() {
        return false;
    }

    /** acquireSlot that may wait for another thread's release: 1 when served (as {@link #acquire}). */
    @Operation(blocking = true)
    public int acquireWaiting(@Param(gen = ThreadIdGen.class) int tid) {
        return acquireAndMakeCurrent(tid);
    }

    /** Two (or three) threads take the one free slot in turn: every one but the first waits for a release. */
    public static ExecutionScenario handOff(int threads) {
        List<List<Object[]>> parallel = new java.util.ArrayList<>();
        for (int t = 1; t <= threads; t++) {
            parallel.add(List.<Object[]>of(new Object[] {"acquireWaiting", t}, new Object[] {"release", t}));
        }
        return LincheckRunner.scenario(StreamPoolWaitLin.class, List.of(), parallel);
    }

    /** Its sequential specification: one free slot, no dead owner. */
    public static class Spec extends StreamPoolSpec {
        public Spec() {
            super(1, false, StreamPoolLin.EXHAUSTED_ERROR);
        }

        public int acquireWaiting(int tid) {
            int r = acquire(tid);
            return r == 1 || r == 0 ? r : -9; // a waiting acquire is never exhausted: -9 matches no real result
        }
    }
}
