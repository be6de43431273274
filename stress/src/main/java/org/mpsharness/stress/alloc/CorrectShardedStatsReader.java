package org.mpsharness.stress.alloc;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.alloc.BufferBlock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JI_Result;

/**
 * Family (i), statistics read while another thread allocates and frees: on the improved {@code ShardedAllocator}
 * (thread caches on), block b0 (malloc'd by the state's constructor thread) is in use; thread A frees b0 (a
 * cross-thread free), mallocs b1 and frees it; thread B reads the bytes in use with the allocator's own reader. In use
 * was {@value AllocState#SIZE} bytes, then 0, then at most one block again: the read may be any of 0, 1 or 2 blocks (a
 * frees-first reader over-estimates, which is allowed) but never negative (invariant 4: never negative). The arbiter
 * checks the figures add up and are back to 0 at quiescence. The allocator has {@value #IDLE_STRIPES} statistics
 * stripes besides the actors', as threads that used it before leave them: the reader sums them all, as it would in a
 * process with a thread pool.
 *
 * <p>Justifies: ThreadStats' single-writer counters published by release stores, summed frees first with acquire
 * loads (C++: {@code store(memory_order_release)} / {@code load(memory_order_acquire)}).
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs), all
 * configurations, no forbidden outcome:
 * <pre>
 *   RESULT        SAMPLES  EXPECT
 *   0, 1           19,843  Acceptable
 *   4096, 1        11,991  Acceptable
 *   8192, 1           143  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = {"0, 1", "4096, 1", "8192, 1"}, expect = ACCEPTABLE, desc = "0, 1 or 2 blocks in use; consistent later")
@Outcome(id = "-.*", expect = FORBIDDEN, desc = "a negative figure: a free counted without its malloc")
@Outcome(expect = FORBIDDEN, desc = "other figure, or statistics inconsistent / not 0 at quiescence (r2 = 0)")
@State
public class CorrectShardedStatsReader extends AllocState {
    /** Stripes of threads that used the allocator before: a reader sums them all (see AllocState#threadsThatUsedIt). */
    static final int IDLE_STRIPES = 12;
    private final BufferBlock b0;

    public CorrectShardedStatsReader() {
        super(Design.SHARDED);
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
