package org.mpsharness.stress.alloc;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.mpsharness.core.alloc.BufferBlock;
import org.mpsharness.model.mutants.PublishFirstFreeAllocator;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Family (g), a free racing a malloc on one pool: on the improved {@code ShardedAllocator} with thread caches off
 * (every malloc and free takes the pool's shard lock), block b0 is in use; one thread frees it while another mallocs a
 * block of the same size (which may or may not be b0). Afterwards the malloc'd block is in use, b0 is either that block
 * or free — never both in use by two owners, never free and handed out, never lost — and the statistics add up
 * (invariants 1 and 4). Codes: r1 = 1 freed (-9 threw); r2 = 1 the malloc returned b0, 0 another block, -9 threw; r3 =
 * 1 consistent afterwards.
 *
 * <p>Control: the allocator is the catalog's {@code PublishFirstFreeAllocator}, whose shared-path free publishes the
 * block in the shard's free set before changing its state. Expected outcomes: ".., -9, 0" (malloc handed a block still
 * in use).
 *
 * <p>Observed with the former near-copy control (before the control became the catalog's variant) on the 2-core
 * x86 build machine (2026-11-24; jcstress 0.16 quick mode, reduced JVM matrix: 2 JVMs):
 * caught in 4 of 4 runs; forbidden samples per run: 26 of 71,269 / 10 of 21,902 / 20 of 53,973 / 53 of 25,493.
 * Outcome table of the first run (the build's own check), all configurations:
 * <pre>
 *   RESULT         SAMPLES  EXPECT
 *   1, -9, 0            26  Forbidden
 *   1, 0, 1          4,795  Acceptable
 *   1, 1, 1         66,448  Acceptable
 * </pre>
 */
@JCStressTest
@Outcome(id = {"1, 1, 1", "1, 0, 1"}, expect = ACCEPTABLE, desc = "b0 reused after its free, or another block")
@Outcome(id = ".*, -9, .*", expect = FORBIDDEN, desc = "malloc failed: it was handed a block still in use")
@Outcome(expect = FORBIDDEN, desc = "free failed, or block states / statistics inconsistent afterwards")
@State
public class BrokenPublishFirstFreeVsMalloc extends AllocState {
    private final BufferBlock b0;
    private BufferBlock b2;

    public BrokenPublishFirstFreeVsMalloc() {
        super(PublishFirstFreeAllocator::new, false);
        b0 = malloc();
    }

    @Actor
    public void freer(III_Result r) {
        try {
            alloc.free(b0);
            r.r1 = 1;
        } catch (RuntimeException e) {
            r.r1 = -9;
        }
    }

    @Actor
    public void mallocer(III_Result r) {
        b2 = tryMalloc(alloc);
        r.r2 = b2 == null ? -9 : b2 == b0 ? 1 : 0;
    }

    @Arbiter
    public void check(III_Result r) {
        boolean ok = b2 != null && b2.state() == BufferBlock.IN_USE
                && (b2 == b0 || b0.state() == BufferBlock.FREE);
        r.r3 = ok ? statsConsistent() : 0;
    }
}
