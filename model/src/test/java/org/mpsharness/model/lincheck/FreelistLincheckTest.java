package org.mpsharness.model.lincheck;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mpsharness.core.pool.BitmaskFreelist;
import org.mpsharness.core.pool.HomeSlotFreelist;
import org.mpsharness.core.pool.MutexFreelist;
import org.mpsharness.core.pool.SlotFreelist;
import org.mpsharness.model.mutants.CheckThenReclaimFreelist;
import org.mpsharness.model.mutants.SignalFirstFreelist;
import org.mpsharness.model.mutants.SilentReclaimFreelist;

class FreelistLincheckTest {

    /** The hand-written scenarios: waits that need a wake-up, then 3-thread races on a full freelist. */
    static void scenarios(Supplier<SlotFreelist> design) {
        FreelistLin.factory = design;
        LincheckRunner.modelCheck(FreelistWaitLin.class, FreelistSpec.Full.class, 0, 200,
                FreelistWaitLin.lostWakeup(), FreelistWaitLin.reclaimWakeup(), FreelistWaitLin.twoWaiters());
        LincheckRunner.modelCheck(FreelistLin.Full.class, FreelistSpec.Full.class, 0, 200,
                FreelistLin.releaseReacquire(), FreelistLin.doubleReclaim(), FreelistLin.exitReleaseVsReclaim());
    }

    @Test
    void homeSlotModelChecking() {
        scenarios(HomeSlotFreelist::new);
        LincheckRunner.modelCheck(FreelistLin.class, FreelistSpec.class);
    }

    @Test
    void homeSlotStress() {
        FreelistLin.factory = HomeSlotFreelist::new;
        LincheckRunner.stress(FreelistLin.class, FreelistSpec.class);
    }

    @Test
    void bitmaskModelChecking() {
        scenarios(BitmaskFreelist::new);
        LincheckRunner.modelCheck(FreelistLin.class, FreelistSpec.class);
    }

    @Test
    void bitmaskStress() {
        FreelistLin.factory = BitmaskFreelist::new;
        LincheckRunner.stress(FreelistLin.class, FreelistSpec.class);
    }

    @Test
    void baselineModelChecking() {
        scenarios(MutexFreelist::new);
        LincheckRunner.modelCheck(FreelistLin.class, FreelistSpec.class);
    }

    /** The scenarios bite: a double reclaim, a signal before the free, a reclaim that wakes no one. */
    @Test
    void scenariosRejectTheSeededVariants() {
        FreelistLin.factory = CheckThenReclaimFreelist::new;
        assertThatThrownBy(() -> LincheckRunner.modelCheck(FreelistLin.Full.class, FreelistSpec.Full.class, 0, 200,
                FreelistLin.doubleReclaim())).isInstanceOf(AssertionError.class).hasMessageContaining("reclaim");
        FreelistLin.factory = SignalFirstFreelist::new;
        assertThatThrownBy(() -> LincheckRunner.modelCheck(FreelistWaitLin.class, FreelistSpec.Full.class, 0, 200,
                FreelistWaitLin.lostWakeup())).isInstanceOf(AssertionError.class).hasMessageContaining("hung");
        FreelistLin.factory = SilentReclaimFreelist::new;
        assertThatThrownBy(() -> LincheckRunner.modelCheck(FreelistWaitLin.class, FreelistSpec.Full.class, 0, 200,
                FreelistWaitLin.reclaimWakeup())).isInstanceOf(AssertionError.class).hasMessageContaining("hung");
    }
}
