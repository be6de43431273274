package org.mpsharness.core.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mpsharness.core.alloc.AllocatorConfig;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.design.DesignSet;
import org.mpsharness.core.design.MpsRuntime;
import org.mpsharness.core.pool.StreamPool;
import org.mpsharness.core.sim.SimDevice;

/**
 * A design whose own code throws in the quiescent checks (emptyCache finding a block in a state its invariants forbid,
 * as a seeded allocator did on the GPU host) is a finding about the design: the run reports it as a leak, the device
 * is still checked, and nothing escapes as a crash of the harness.
 */
class DesignFaultAtQuiescenceTest {

    /** emptyCache throws, as an allocator whose pools hold a block in the wrong state does. */
    public static final class ThrowingEmptyCacheAllocator extends ShardedAllocator {
        public ThrowingEmptyCacheAllocator(StreamPool pool, AllocatorConfig config) {
            super(pool, config);
        }

        @Override
        public void emptyCache() {
            throw new IllegalStateException("release of buffer #7 in state PENDING (expected FREE)");
        }
    }

    @Test
    void aThrowAtQuiescenceIsReportedNotRaised() {
        MpsRuntime rt = MpsRuntime.create(DesignSet.improved().with(ThrowingEmptyCacheAllocator.class),
                new SimDevice());
        WorkloadResult r = InferenceWorkload.run(rt, WorkloadConfig.defaults(2).withSteps(50), null);
        assertThat(r.leaks()).anyMatch(l -> l.contains("the design threw at quiescence")
                && l.contains("state PENDING"));
        // close empties the cache too: its throw is reported beside the device check, not raised
        assertThat(RunChecks.closeAndCheck(rt)).anyMatch(l -> l.startsWith("closing the runtime threw")
                && l.contains("state PENDING"));
    }
}
