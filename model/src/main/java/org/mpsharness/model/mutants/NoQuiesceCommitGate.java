package org.mpsharness.model.mutants;

import org.mpsharness.core.stream.AdaptiveCommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * Seeded bug: the production adaptive gate, revoking a stream's bias without its mutex.
 *
 * <p><b>Operator:</b> remove lock/unlock (the revocation's last step, {@code REVOKING(S) -> NONE}, no longer runs
 * under S's mutex). Everything else is production code (this class overrides only the seam
 * {@code AdaptiveCommitGate.quiesce}).
 *
 * <p><b>Breaks:</b> the gate's safety property in the case the bias creates: S decided on the fast path (it read
 * {@code BIASED(S)}, two loads, no write) and is continuing; another stream activates, revokes the bias and returns at
 * once, so it is active while S's commit-and-continue is still in progress.
 *
 * <p><b>Caught by:</b> Lincheck model checking on the hand-written scenario {@code CommitGateLin.revocation()} (a
 * continue on the fast path checks that no other stream's activation has finished); the contract's revocation check
 * ({@code GateContract}); jcstress {@code BrokenNoQuiesceGateRevocation}.
 */
public final class NoQuiesceCommitGate extends AdaptiveCommitGate {

    public NoQuiesceCommitGate() {
        super();
    }

    @Override
    protected void quiesce(MpsStream biased, Runnable lastStep) {
        lastStep.run(); // MUTATION: production runs it under biased.underMutex
    }
}
