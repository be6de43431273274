package org.mpsharness.stress.alloc;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.alloc.ShardedAllocator;
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
 * <p>Justifies: ThreadCache.state taken over by CAS ACTIVE&rarr;RECLAIMED (C++: {@code compare_exchange_strong},
 * acq_rel); the owner is dead, so only reclaimers can race.
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs), all
 * configurations, no forbidden outcome:
 * <pre>
 *   RESULT        SAMPLES  EXPECT
 *   0, 1, 1        21,813  Acceptable
 *   1, 0, 1        37,551  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE, desc = "exactly one reclaimer flushed the cache once")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "both reclaimers took the cache over")
@Outcome(expect = FORBIDDEN, desc = "a reclaim threw (-9: double free), or b0 / statistics inconsistent (r3 = 0)")
@State
public class CorrectShardedReclaimDeadCache extends ReclaimState {
    public CorrectShardedReclaimDeadCache() {
        super(ShardedAllocator::new);
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
