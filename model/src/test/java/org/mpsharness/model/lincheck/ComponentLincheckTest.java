package org.mpsharness.model.lincheck;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jetbrains.lincheck.LincheckAssertionError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpsharness.core.once.GlobalLockOncePerSlot;
import org.mpsharness.core.once.PerSlotOnce;
import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.core.stream.DisabledCommitGate;
import org.mpsharness.core.stream.ForcedCommitGate;
import org.mpsharness.model.mutants.CountingCommitGate;
import org.mpsharness.model.mutants.NoQuiesceCommitGate;

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
        LincheckRunner.modelCheckThreads(CommitGateLin.class, CommitGateSpec.class, 3, 10, 200, CommitGateLin.aba(),
                CommitGateLin.revocation());
        LincheckRunner.stressThreads(CommitGateLin.class, CommitGateSpec.class, 3, 10, 400);
    }

    @Test
    void commitGateBaseline() {
        CommitGateLin.factory = DisabledCommitGate::new;
        CommitGateLin.continues = false;
        LincheckRunner.modelCheckThreads(CommitGateLin.class, CommitGateSpec.class, 3, 10, 200, CommitGateLin.aba(),
                CommitGateLin.revocation());
    }

    /** The counting design's ABA is found on the hand-written scenario (two users of stream 0, a third stream). */
    @Test
    void countingGateFailsTheAbaScenario() {
        CommitGateLin.factory = CountingCommitGate::new;
        CommitGateLin.continues = true;
        assertThatThrownBy(() -> LincheckRunner.modelCheckThreads(CommitGateLin.class, CommitGateSpec.class, 3, 0,
                200, CommitGateLin.aba())).isInstanceOf(LincheckAssertionError.class);
    }

    /** A revocation without the stream's mutex lets a fast-path continue run beside the new active stream. */
    @Test
    void noQuiesceGateFailsTheRevocationScenario() {
        CommitGateLin.factory = NoQuiesceCommitGate::new;
        CommitGateLin.continues = true;
        assertThatThrownBy(() -> LincheckRunner.modelCheckThreads(CommitGateLin.class, CommitGateSpec.class, 3, 0,
                200, CommitGateLin.revocation())).isInstanceOf(LincheckAssertionError.class)
                .hasMessageContaining("commitOnce(0): -1");
    }

    /** "Remove the guard": the forced gate continues beside another active stream. */
    @Test
    void forcedGateFails() {
        CommitGateLin.factory = ForcedCommitGate::new;
        CommitGateLin.continues = true;
        assertThatThrownBy(() -> LincheckRunner.modelCheckThreads(CommitGateLin.class, CommitGateSpec.class, 3, 10,
                200, CommitGateLin.aba())).isInstanceOf(LincheckAssertionError.class);
    }

    @AfterEach
    void restoreDefaults() {
        CommitGateLin.factory = AdaptiveCommitGate::new;
        CommitGateLin.continues = true;
    }
}
