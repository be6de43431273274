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
 * Family (f), two mallocs never overlap: on the improved {@code ShardedAllocator} (thread caches on), a freed block is
 * cached (so both threads can race for it), then two threads malloc a block of the same size. They must get two
 * different blocks whose byte ranges do not overlap (invariant 1), with different ids (invariant 5), and the statistics
 * must add up afterwards (invariant 4).
 *
 * <p>With thread caches on, the freed block sits in the constructing thread's cache, so both actors carve new blocks
 * from the shared heap under the shard lock.
 *
 * <p>Observed on the 2-core x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs), all
 * configurations, no forbidden outcome:
 * <pre>
 *   RESULT        SAMPLES  EXPECT
 *   1, 1, 1        42,766  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "disjoint blocks, distinct ids, consistent statistics")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "the same (or an overlapping) block handed to both threads")
@Outcome(expect = FORBIDDEN, desc = "duplicate ids (r2 = 0) or inconsistent statistics (r3 = 0)")
@State
public class CorrectShardedCachedMallocDistinct extends AllocState {
    private BufferBlock b1;
    private BufferBlock b2;

    public CorrectShardedCachedMallocDistinct() {
        super(Design.SHARDED);
        BufferBlock warm = alloc.malloc(SIZE, Usage.PRIVATE);
        alloc.free(warm);
    }

    @Actor
    public void a() {
        b1 = tryMalloc(alloc);
    }

    @Actor
    public void b() {
        b2 = tryMalloc(alloc);
    }

    @Arbiter
    public void check(III_Result r) {
        r.r1 = disjoint(b1, b2);
        r.r2 = b1 != null && b2 != null && b1.id() != b2.id() ? 1 : 0;
        r.r3 = statsConsistent();
    }
}
