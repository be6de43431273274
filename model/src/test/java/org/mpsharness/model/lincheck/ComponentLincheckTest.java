package org.mpsharness.model.lincheck;

import org.junit.jupiter.api.Test;
import org.mpsharness.core.once.GlobalLockOncePerSlot;
import org.mpsharness.core.once.PerSlotOnce;
import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;

class ComponentLincheckTest {

    @Test
    void oncePerSlotImproved() {
        OncePerSlotLin.factory = PerSlotOnce::new;
        LincheckRunner.modelCheck(OncePerSlotLin.class, OncePerSlotSpec.class);
        LincheckRunner.stress(OncePerSlotLin.class, OncePerSlotSpec.class);
    }

    @Test
    void oncePerSlotBaseline() {
        OncePerSlotLin.factory = GlobalLockOncePerSlot::new;
        LincheckRunner.modelCheck(OncePerSlotLin.class, OncePerSlotSpec.class);
    }

    @Test
    void commitGateImproved() {
        CommitGateLin.factory = AdaptiveCommitGate::new;
        CommitGateLin.continues = true;
        LincheckRunner.modelCheck(CommitGateLin.class, CommitGateSpec.class);
        LincheckRunner.stress(CommitGateLin.class, CommitGateSpec.class);
    }

    @Test
    void commitGateBaseline() {
        CommitGateLin.factory = DisabledCommitGate::new;
        CommitGateLin.continues = false;
        LincheckRunner.modelCheck(CommitGateLin.class, CommitGateSpec.class);
    }
}
