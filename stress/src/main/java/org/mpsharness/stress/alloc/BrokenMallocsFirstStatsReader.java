package org.mpsharness.stress.alloc;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.model.mutants.MallocsFirstStatsAllocator;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JI_Result;

/**
 * Family (i), statistics read while another thread allocates and frees: on the improved {@code ShardedAllocator}
 * (thread caches on), block b0 (malloc'd by the state's constructor thread) is in use; thread A frees b0 (a
 * cross-thread free), mallocs b1 and frees it; thread B reads the bytes in use with a weakened reader that sums the
 * malloc-side counters first. In use was {@value AllocState#SIZE} bytes, then 0, then at most one block again: the read
 * may be any of 0, 1 or 2 blocks (a frees-first reader over-estimates, which is allowed) but never negative (invariant
 * 4: never negative). The arbiter checks the figures add up and are back to 0 at quiescence. The allocator has {@value
 * #IDLE_STRIPES} statistics stripes of threads that used it and ended, besides the actors': the reader
 * sums them all, as it would in a process with a thread pool.
 *
 * <p>Control: the allocator is the catalog's {@code MallocsFirstStatsAllocator}, whose reader sums the two sides in
 * the swapped order. Expected outcome: "-4096, 1".
 *
 * <p>Observed with the former near-copy control (before the control became the catalog's variant) on the 2-core
 * x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs):
 * caught in 4 of 4 runs; forbidden samples per run: 241 of 51,200 / 72 of 37,395 / 282 of 57,873 / 47 of 17,347.
 * Outcome table of the first run (the build's own check), all configurations:
 * <pre>
 *   RESULT         SAMPLES  EXPECT
 *   -4096, 1           241  Forbidden
 *   0, 1            31,770  Acceptable
 *   4096, 1         19,189  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = {"0, 1", "4096, 1", "8192, 1"}, expect = ACCEPTABLE, desc = "0, 1 or 2 blocks in use; consistent later")
@Outcome(id = "-.*", expect = FORBIDDEN, desc = "a negative figure: a free counted without its malloc")
@Outcome(expect = FORBIDDEN, desc = "other figure, or statistics inconsistent / not 0 at quiescence (r2 = 0)")
@State
public class BrokenMallocsFirstStatsReader extends AllocState {
    /** Stripes of threads that used the allocator before: a reader sums them all (see AllocState#threadsThatUsedIt). */
    static final int IDLE_STRIPES = 12;
    private final BufferBlock b0;

    public BrokenMallocsFirstStatsReader() {
        super(MallocsFirstStatsAllocator::new, true);
        b0 = malloc();
        threadsThatUsedIt(IDLE_STRIPES);
    }

    @Actor
    public void worker() {
        alloc.free(b0);
        BufferBlock b1 = malloc();
        alloc.free(b1);
    }

    @Actor
    public void reader(JI_Result r) {
        r.r1 = alloc.getCurrentAllocatedMemory();
    }

    @Arbiter
    public void check(JI_Result r) {
        r.r2 = alloc.getCurrentAllocatedMemory() == 0 ? statsConsistent() : 0;
    }
}
