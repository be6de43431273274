package org.mpsharness.stress.alloc;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.model.mutants.LeakyFlushAllocator;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Family (h), a thread-cache flush racing an allocation: on the improved {@code ShardedAllocator} (thread caches on),
 * thread A mallocs b1, frees it into its own cache, flushes its cache to the shared pool and mallocs again (b3);
 * meanwhile thread B mallocs (b2) from the shared pool, where b1 may or may not be yet. b1 may end up with A or with
 * B, never with both: b2 and b3 must be two different blocks in use, and the statistics (including the bytes counted
 * in thread caches) must add up (invariants 1 and 4). r1 = 1: A got b1 back; r2 = 1: B got b1.
 *
 * <p>Control: the allocator is the catalog's {@code LeakyFlushAllocator}, whose flush publishes the blocks but leaves
 * them in the cache too. Expected outcomes: "1, 1, 0" and "1, 0, 0" / "0, 0, 0" (the cache's byte count goes negative, which the
 * statistics check sees even without the race).
 *
 * <p>Observed with the former near-copy control (before the control became the catalog's variant) on the 2-core
 * x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs):
 * caught in 4 of 4 runs; forbidden samples per run: 66,222 of 66,222 / 42,278 of 42,278 / 42,130 of 42,130 / 31,679 of
 * 31,679. Outcome table of the first run (the build's own check), all configurations:
 * <pre>
 *   RESULT        SAMPLES  EXPECT
 *   0, 1, 0             1  Forbidden
 *   1, 0, 0        66,221  Forbidden
 * </pre>
 */
@JCStressTest
@Outcome(id = {"1, 0, 1", "0, 1, 1", "0, 0, 1"}, expect = ACCEPTABLE, desc = "b1 owned by at most one thread")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "b1 handed to both threads")
@Outcome(expect = FORBIDDEN, desc = "a malloc threw, or blocks / statistics inconsistent afterwards (r3 = 0)")
@State
public class BrokenLeakyFlushVsMalloc extends AllocState {
    private BufferBlock b1;
    private BufferBlock b2;
    private BufferBlock b3;

    public BrokenLeakyFlushVsMalloc() {
        super(LeakyFlushAllocator::new, true);
    }

    @Actor
    public void owner(III_Result r) {
        try {
            b1 = malloc();
            alloc.free(b1);
            alloc.flushThreadCache();
            b3 = malloc();
        } catch (RuntimeException e) {
            b3 = null;
        }
        r.r1 = b1 != null && b3 == b1 ? 1 : 0;
    }

    @Actor
    public void other(III_Result r) {
        b2 = tryMalloc(alloc);
        r.r2 = b2 != null && b2 == b1 ? 1 : 0;
    }

    @Arbiter
    public void check(III_Result r) {
        boolean ok = b2 != null && b3 != null && disjoint(b2, b3) == 1 && b2.state() == BufferBlock.IN_USE
                && b3.state() == BufferBlock.IN_USE;
        r.r3 = ok ? statsConsistent() : 0;
    }
}
