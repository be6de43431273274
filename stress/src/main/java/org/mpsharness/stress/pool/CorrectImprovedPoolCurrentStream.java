package org.mpsharness.stress.pool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;
import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Families (a) and (e) at pool level: two threads call {@code getStream(5)} on a fresh improved {@code
 * ImprovedStreamPool} — one creates the stream, the other usually finds it published on the fast path — and each makes
 * it its current stream. Each must get a stream (a), whose stored index is 5 and which setCurrentStream accepts, so
 * that its current slot is 5 (invariant 7); the arbiter counts the device's command queues: one stream, created once
 * (invariant 6). Codes: -1 no stream, -2 setCurrentStream refused it, -3 wrong stored index, -9 other exception.
 *
 * <p>Justifies: the stored index validated by an acquire load of the slot (C++: {@code streams_[idx].load(acquire)}),
 * and the per-slot once-component underneath.
 *
 * <p>State cost: a simulated device (MANUAL mode, no threads) and a pool per test instance (a few dozen small objects;
 * streams are created only when a test asks for them).
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs), all
 * configurations, no forbidden outcome:
 * <pre>
 *   RESULT        SAMPLES  EXPECT
 *   5, 5, 1       653,818  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = "5, 5, 1", expect = ACCEPTABLE, desc = "both current slots are 5; one queue created")
@Outcome(id = ".*, 2", expect = FORBIDDEN, desc = "two queues created for slot 5")
@Outcome(expect = FORBIDDEN, desc = "a thread got no stream, a wrong index, or a refused setCurrentStream")
@State
public class CorrectImprovedPoolCurrentStream {
    private final SimDevice device = Fixtures.manualDevice();
    private final StreamPool pool = new ImprovedStreamPool(device, new AdaptiveCommitGate(), Fixtures.noWaitPool());

    @Actor
    public void a(III_Result r) {
        r.r1 = PoolProbes.makeCurrent(pool, 5);
    }

    @Actor
    public void b(III_Result r) {
        r.r2 = PoolProbes.makeCurrent(pool, 5);
    }

    @Arbiter
    public void check(III_Result r) {
        r.r3 = (int) device.liveResources().queues();
    }
}
