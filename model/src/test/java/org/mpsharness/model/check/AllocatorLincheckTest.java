package org.mpsharness.model.check;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mpsharness.core.alloc.BaselineAllocator;
import org.mpsharness.core.alloc.FixedBaselineAllocator;
import org.mpsharness.core.alloc.ShardedAllocator;
import org.mpsharness.core.design.DesignSet;

/**
 * The allocator's Lincheck subjects as the check suite runs them (budgets and scenarios from {@link LincheckSubjects}),
 * on the correct designs and on the baseline, whose emptyCache race model checking must find.
 */
class AllocatorLincheckTest {

    private static DesignSet design(Class<?> allocator) {
        return Component.ALLOCATOR.design(allocator);
    }

    private static void modelCheckAndStress(Class<?> allocator) {
        long t0 = System.nanoTime();
        LincheckSubjects.ALLOCATOR_FINDING.modelCheck(design(allocator));
        LincheckSubjects.ALLOCATOR.modelCheck(design(allocator));
        long t1 = System.nanoTime();
        LincheckSubjects.ALLOCATOR.stress(design(allocator));
        System.out.printf("allocator %s: model checking %.1f s, stress %.1f s%n", allocator.getSimpleName(),
                (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    }

    @Test
    void shardedAllocatorPasses() {
        modelCheckAndStress(ShardedAllocator.class);
    }

    @Test
    void fixedBaselinePasses() {
        modelCheckAndStress(FixedBaselineAllocator.class);
    }

    /** The finding: model checking reproduces the baseline's emptyCache race (see BaselineLockDropFindingTest). */
    @Test
    void baselineEmptyCacheRaceIsFound() {
        assertThatThrownBy(() -> LincheckSubjects.ALLOCATOR_FINDING.modelCheck(design(BaselineAllocator.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("in state RELEASED, its device buffer released");
    }
}
