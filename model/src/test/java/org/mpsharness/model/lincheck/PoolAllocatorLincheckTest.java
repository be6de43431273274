package org.mpsharness.model.lincheck;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mpsharness.core.alloc.BaselineAllocator;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.pool.BaselineStreamPool;
import org.mpsharness.core.pool.ImprovedStreamPool;

class PoolAllocatorLincheckTest {

    @Test
    void streamPoolImproved() {
        StreamPoolLin.factory = ImprovedStreamPool::new;
        LincheckRunner.modelCheck(StreamPoolLin.class, StreamPoolSpec.class);
        LincheckRunner.stress(StreamPoolLin.class, StreamPoolSpec.class);
    }

    @Test
    void streamPoolBaseline() {
        StreamPoolLin.factory = BaselineStreamPool::new;
        LincheckRunner.modelCheck(StreamPoolLin.class, StreamPoolSpec.class);
    }

    @Test
    void allocatorImproved() {
        AllocatorLin.factory = ShardedAllocator::new;
        long t0 = System.nanoTime();
        AllocatorLin.modelCheck();
        long t1 = System.nanoTime();
        AllocatorLin.stress();
        System.out.printf("allocator improved: model checking %.1f s, stress %.1f s%n", (t1 - t0) / 1e9,
                (System.nanoTime() - t1) / 1e9);
    }

    /** The finding: model checking reproduces the baseline's emptyCache race (see BaselineLockDropFindingTest). */
    @Test
    void allocatorBaselineEmptyCacheRaceIsFound() {
        AllocatorLin.factory = BaselineAllocator::new;
        assertThatThrownBy(AllocatorLin::modelCheck).isInstanceOf(AssertionError.class)
                .hasMessageContaining("in state RELEASED, its device buffer released");
    }
}
