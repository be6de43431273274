package org.mpsharness.model.lincheck;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;

/**
 * {@link FreelistLin.Full} with a waiting acquire, run only on hand-written scenarios (a waiting operation must not appear in
 * random scenarios: with no free after it, it would wait for good). Every slot is taken; one thread frees a slot (a
 * release, or the reclaim of a dead owner's slot) while another waits for a slot — whose acquire succeeds only if it
 * is woken. A free that loses its wake-up leaves the waiter blocked, which the model checker reports as a hang
 * (BackpressureNoLostWakeup).
 */
public class FreelistWaitLin extends FreelistLin {

    public FreelistWaitLin() {
        super(true);
    }

    /** acquireSlot with backpressure: waits up to an hour, i.e. for good as far as a model checker is concerned. */
    @Operation(blocking = true)
    public boolean acquireWaiting(@Param(gen = ThreadIdGen.class) int tid) throws InterruptedException {
        int s = fl.acquire(owners[tid], TimeUnit.HOURS.toNanos(1));
        if (s > 0) {
            held[tid].push(s);
        }
        return s > 0;
    }

    /** The owner's release races a waiting acquire. */
    public static ExecutionScenario lostWakeup() {
        return LincheckRunner.scenario(FreelistWaitLin.class,
                List.of(),
                List.of(List.<Object[]>of(new Object[] {"release", 0}),
                        List.<Object[]>of(new Object[] {"acquireWaiting", 2})));
    }

    /** The reclaim of a dead owner's slot races a waiting acquire: reclamation must wake a waiter as a release does. */
    public static ExecutionScenario reclaimWakeup() {
        return LincheckRunner.scenario(FreelistWaitLin.class,
                List.of(),
                List.of(List.<Object[]>of(new Object[] {"reclaim", 0}),
                        List.<Object[]>of(new Object[] {"acquireWaiting", 2})));
    }

    /** Three threads: two waiters and two frees (a release and a reclaim): each waiter must get one. */
    public static ExecutionScenario twoWaiters() {
        return LincheckRunner.scenario(FreelistWaitLin.class,
                List.of(),
                List.of(List.<Object[]>of(new Object[] {"release", 0}, new Object[] {"reclaim", 1}),
                        List.<Object[]>of(new Object[] {"acquireWaiting", 2}),
                        List.<Object[]>of(new Object[] {"acquireWaiting", 3})));
    }
}
