package org.mpsharness.stress.pool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.pool.ImprovedStreamPool;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Release racing re-acquisition of the same slot: after both threads acquired and released, no stream may count as
 * active in the commit gate.
 *
 * <p>This test found a production bug (2026-11-24): {@code ComposedStreamPool.releaseStreamSlot (then AbstractStreamPool)} gave the slot back to
 * the freelist first and deactivated afterwards, by a CAS of {@code activated[slot]} 1&rarr;0. When the second thread
 * acquired the <em>same</em> slot in that window, the first thread's late CAS cleared the new owner's flag and undid
 * its activation; the new owner's release then deactivated nothing, and the stream stayed counted active forever (the
 * adaptive gate refused commit-and-continue to every other stream from then on). {@code reclaimDeadOwners} had the same
 * order. Fixed by deactivating while the slot is still owned (owner path) and before the reclaim (dead-owner path).
 *
 * <p>Observed before the fix on the 2-core x86 build machine (quick mode, reduced JVM matrix):
 * <pre>
 *   RESULT     SAMPLES  EXPECT
 *   1, 1, 0    298,335  Acceptable
 *   1, 1, 1         11  Forbidden   (both used slot 1; stream 1 still active afterwards)
 *   1, 2, 0     95,091  Acceptable
 *   2, 1, 0     10,688  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = ".*, .*, 0", expect = ACCEPTABLE, desc = "no stream counted active after both released")
@Outcome(expect = FORBIDDEN, desc = "a stream still counted active after every slot was released (r3 = active)")
@State
public class CorrectPoolReleaseReacquire {
    private final StreamPool pool = new ImprovedStreamPool(Fixtures.manualDevice(), new AdaptiveCommitGate(),
            Fixtures.noWaitPool());

    @Actor
    public void a(III_Result r) {
        r.r1 = useOnce();
    }

    @Actor
    public void b(III_Result r) {
        r.r2 = useOnce();
    }

    private int useOnce() {
        try {
            int s = pool.acquireSlot();
            pool.releaseStreamSlot(s);
            return s;
        } catch (RuntimeException e) {
            return Fixtures.EXCEPTION;
        }
    }

    @Arbiter
    public void check(III_Result r) {
        r.r3 = pool.gate().activeStreams();
    }
}
