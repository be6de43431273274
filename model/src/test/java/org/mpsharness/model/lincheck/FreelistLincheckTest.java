package org.mpsharness.model.lincheck;

import org.junit.jupiter.api.Test;
import org.mpsharness.core.pool.BitmaskFreelist;
import org.mpsharness.core.pool.HomeSlotFreelist;
import org.mpsharness.core.pool.MutexFreelist;

class FreelistLincheckTest {

    @Test
    void improvedModelChecking() {
        FreelistLin.factory = BitmaskFreelist::new;
        LincheckRunner.modelCheck(FreelistLin.class, FreelistSpec.class);
    }

    @Test
    void improvedStress() {
        FreelistLin.factory = BitmaskFreelist::new;
        LincheckRunner.stress(FreelistLin.class, FreelistSpec.class);
    }

    @Test
    void homeSlotModelChecking() {
        FreelistLin.factory = HomeSlotFreelist::new;
        LincheckRunner.modelCheck(FreelistLin.class, FreelistSpec.class);
    }

    @Test
    void homeSlotStress() {
        FreelistLin.factory = HomeSlotFreelist::new;
        LincheckRunner.stress(FreelistLin.class, FreelistSpec.class);
    }

    @Test
    void baselineModelChecking() {
        FreelistLin.factory = MutexFreelist::new;
        LincheckRunner.modelCheck(FreelistLin.class, FreelistSpec.class);
    }
}
