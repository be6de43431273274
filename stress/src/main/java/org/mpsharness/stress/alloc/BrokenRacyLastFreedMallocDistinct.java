package org.mpsharness.stress.alloc;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.core.alloc.Usage;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Family (f), two mallocs never overlap: on the improved {@code ShardedAllocator} with thread caches off (every malloc
 * and free takes the pool's shard lock), a freed block is cached (so both threads can race for it), then two threads
 * malloc a block of the same size. They must get two different blocks whose byte ranges do not overlap (invariant 1),
 * with different ids (invariant 5), and the statistics must add up afterwards (invariant 4).
 *
 * <p>Control: the mallocs go through {@link RacyLastFreedAllocator}, a test-local one-entry "last freed" fast path
 * taken by check-then-act in front of the production allocator. Expected outcome: "0, 0, 1" (both got the block).
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs):
 * caught in 4 of 4 runs; forbidden samples per run: 85 of 56,086 / 233 of 13,346 / 219 of 66,147 / 108 of 43,684.
 * Outcome table of the first run (the build's own check), all configurations:
 * <pre>
 *   RESULT        SAMPLES  EXPECT
 *   0, 0, 1            85  Forbidden
 *   1, 1, 1        56,001  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "disjoint blocks, distinct ids, consistent statistics")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "the same (or an overlapping) block handed to both threads")
@Outcome(expect = FORBIDDEN, desc = "duplicate ids (r2 = 0) or inconsistent statistics (r3 = 0)")
@State
public class BrokenRacyLastFreedMallocDistinct extends AllocState {
    private BufferBlock b1;
    private BufferBlock b2;
    private final RacyLastFreedAllocator racy;

    public BrokenRacyLastFreedMallocDistinct() {
        super(Design.SHARDED_NO_CACHE);
        racy = new RacyLastFreedAllocator(alloc);
        BufferBlock warm = racy.malloc(SIZE, Usage.PRIVATE);
        racy.free(warm);
    }

    @Actor
    public void a() {
        b1 = tryMalloc(racy);
    }

    @Actor
    public void b() {
        b2 = tryMalloc(racy);
    }

    @Arbiter
    public void check(III_Result r) {
        r.r1 = disjoint(b1, b2);
        r.r2 = b1 != null && b2 != null && b1.id() != b2.id() ? 1 : 0;
        r.r3 = statsConsistent();
    }
}
