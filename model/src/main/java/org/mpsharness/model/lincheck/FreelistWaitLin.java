package org.mpsharness.model.lincheck;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;

/**
 * {@link FreelistLin} with a waiting acquire, run only on the hand-written {@link #lostWakeup()} scenario (a waiting
 * operation must not appear in random scenarios: with no release after it, it would wait for good). Every slot is
 * taken; one thread releases while another waits for a slot; a release that loses its wake-up leaves the waiter
 * blocked, which the model checker reports as a hang (BackpressureNoLostWakeup).
 */
public class FreelistWaitLin extends FreelistLin {

    /** acquireSlot with backpressure: waits up to an hour, i.e. for good as far as a model checker is concerned. */
    @Operation(blocking = true)
    public boolean acquireWaiting(@Param(gen = ThreadIdGen.class) int tid) throws InterruptedException {
        int s = fl.acquire(owners[tid], TimeUnit.HOURS.toNanos(1));
        if (s > 0) {
            held[tid].push(s);
        }
        return s > 0;
    }

    public static ExecutionScenario lostWakeup() {
        return LincheckRunner.scenario(FreelistWaitLin.class,
                List.<Object[]>of(new Object[] {"acquire", 0}, new Object[] {"acquire", 0}),
                List.of(List.<Object[]>of(new Object[] {"release", 0}),
                        List.<Object[]>of(new Object[] {"acquireWaiting", 1})));
    }
}
