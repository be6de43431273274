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
 * A production bug this module found (kept as {@code KnownBug*}: reported by {@code ./harness stress}, not selected by
 * the CI check, since it would fail the build until core is fixed; rename it {@code Correct*} then).
 *
 * <p>Two threads each acquire a worker slot of the improved pool (adaptive commit gate) and release it. After both
 * released, no stream may count as active in the gate. It does, when the second thread acquires the <em>same</em>
 * slot in the window between the first thread's freelist release and its gate deactivation:
 * {@code AbstractStreamPool.releaseStreamSlot} frees the slot in the freelist first and deactivates afterwards, by a
 * CAS of {@code activated[slot]} 1&rarr;0. The new owner has meanwhile activated the stream (gate count 2) and set the
 * flag (already 1, so still 1); the old owner's CAS then succeeds on the <em>new</em> owner's flag and undoes one
 * activation (count 1, flag 0); when the new owner releases, its CAS fails and nothing is deactivated: stream 1 stays
 * counted active forever. The adaptive gate then refuses commit-and-continue to every other stream for the rest of the
 * process (the improvement's single-thread throughput is silently lost) and {@code activeStreams()} is off by one.
 * {@code reclaimDeadOwners} has the same order (reclaim, then deactivate). The code is shared by both pools.
 *
 * <p>Suggested fix (not applied: the reclaim path needs more than a reorder): the owner deactivates while it still
 * owns the slot, i.e. {@code activated} CAS and {@code gate.deactivate} before {@code freelist.release}; a reclaimer
 * may only do so after it has made sure the dead owner still owns the slot, and must not undo a new owner's flag.
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; quick mode, reduced JVM matrix: 2 JVMs):
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
public class KnownBugPoolReleaseReacquire {
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
