package org.mpsharness.stress.pool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.design.Part;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.core.stream.MpsStream;
import org.mpsharness.model.mutants.MemoIndexLookup;
import org.mpsharness.stress.support.Fixtures;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Family (e), concurrent lookups of different streams: streams 3 and 5 of a seeded bug {@code MemoIndexStreamPool}
 * exist; one thread makes stream 3 current (twice, as a thread switching back and forth would), the other stream 5.
 * Each thread's current slot must be its own stream's slot (invariant 7) — a shared shortcut in setCurrentStream's
 * lookup must not mix them up.
 *
 * <p>Control: an unsynchronised (stream, index) memo in front of the scan. Expected outcomes: "5, 5" / "3, 3".
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs):
 * caught in 4 of 4 runs; forbidden samples per run: 1,051 of 856,379 / 190 of 130,210 / 1,750 of 1,706,022 / 26,312 of
 * 1,488,453. Outcome table of the first run (the build's own check), all configurations:
 * <pre>
 *   RESULT       SAMPLES  EXPECT
 *   3, 3             463  Forbidden
 *   3, 5         855,328  Acceptable
 *   5, 5             588  Forbidden
 * </pre>
 */
@JCStressTest
@Outcome(id = "3, 5", expect = ACCEPTABLE, desc = "each thread's current slot is its own stream's")
@Outcome(expect = FORBIDDEN, desc = "a thread's current slot is the other's, or a refusal / exception (< 0)")
@State
public class BrokenMemoIndexPoolTwoStreams {
    private final StreamPool pool = DesignSet.baseline().with(Part.LOOKUP, MemoIndexLookup.class)
            .newPool(Fixtures.manualDevice(), new AdaptiveCommitGate(), Fixtures.noWaitPool());
    private final MpsStream s3 = pool.getStream(3);
    private final MpsStream s5 = pool.getStream(5);

    @Actor
    public void a(II_Result r) {
        r.r1 = PoolProbes.setTwice(pool, s3);
    }

    @Actor
    public void b(II_Result r) {
        r.r2 = PoolProbes.setTwice(pool, s5);
    }
}
