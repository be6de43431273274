package org.mpsharness.stress.alloc;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.model.mutants.CheckThenActReclaimAllocator;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Family (h), reclaiming a dead thread's cache: on the improved {@code ShardedAllocator}, block b0 sits in the cache of
 * a thread that has ended; two threads reclaim dead threads' caches at once (the out-of-memory ladder and emptyCache
 * both do). Exactly one of them takes the cache over (r1 + r2 = 1), b0 lands in the shared pool once and can be
 * malloc'd again, and the statistics add up (r3 = 1). -9: a reclaim threw.
 *
 *
 * <p>Control: the allocator is the catalog's {@code CheckThenActReclaimAllocator}, whose reclaim checks that the
 * cache is active instead of taking it over by CAS. Expected outcomes: "1, 1, *" and -9 (the second flush of b0 is
 * refused by the pool as a double free).
 *
 * <p>Observed with the former near-copy control (before the control became the catalog's variant) on the 2-core
 * x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs):
 * caught in 4 of 4 runs; forbidden samples per run: 4,815 of 47,142 / 859 of 5,286 / 6,442 of 36,298 / 2,906 of 33,744.
 * Outcome table of the first run (the build's own check), all configurations:
 * <pre>
 *   RESULT         SAMPLES  EXPECT
 *   -9, 1, 0           411  Forbidden
 *   -9, 1, 1           237  Forbidden
 *   0, 1, 1         14,726  Acceptable
 *   1, -9, 0           503  Forbidden
 *   1, -9, 1           230  Forbidden
 *   1, 0, 1         27,601  Acceptable
 *   1, 1, 1          3,434  Forbidden
 * </pre>
 */
@JCStressTest
@Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE, desc = "exactly one reclaimer flushed the cache once")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both reclaimers took the cache over")
@Outcome(expect = FORBIDDEN, desc = "a reclaim threw (-9: double free), or b0 / statistics inconsistent (r3 = 0)")
@State
public class BrokenCheckThenActReclaimDeadCache extends ReclaimState {
    public BrokenCheckThenActReclaimDeadCache() {
        super(CheckThenActReclaimAllocator::new);
    }

    @Actor
    public void a(III_Result r) {
        r.r1 = reclaim();
    }

    @Actor
    public void b(III_Result r) {
        r.r2 = reclaim();
    }

    @Arbiter
    public void check(III_Result r) {
        r.r3 = consistent();
    }
}
