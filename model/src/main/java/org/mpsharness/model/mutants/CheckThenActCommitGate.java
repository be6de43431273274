package org.mpsharness.model.mutants;

import org.mpsharness.core.stream.MpsStream;

/**
 * Seeded bug in the counting gate ({@link CountingCommitGate}, itself seeded with the ABA): the gate decides "only my
 * stream is active" and then sets the continuing bit with a plain (volatile) store instead of a compare-and-set on the
 * state it decided on.
 *
 * <p><b>Operator:</b> atomic &rarr; non-atomic (CAS &rarr; check-then-act). An activation of a second stream that lands
 * between the decision and the store is not refused; worse, the store writes back the old user count, so that
 * activation is erased from the state word.
 *
 * <p><b>Breaks:</b> the gate's safety property (CommitGate: no commit-and-continue runs while another stream is active,
 * including a stream that becomes active during one) and the gate's count (invariant 10's precondition for
 * commit-and-continue).
 *
 * <p><b>Caught by:</b> jcstress {@code BrokenCheckThenActGateSecondStream} (a continue in progress while two streams
 * are active).
 */
public final class CheckThenActCommitGate extends CountingCommitGate {
    public CheckThenActCommitGate() {
        super();
    }

    @Override
    public boolean tryBeginContinue(MpsStream stream) {
        long st = loadState();
        if ((st & CONTINUING) != 0) {
            return false;
        }
        long total = st & COUNT_MASK;
        int mine = users.get(stream.index());
        if (mine == 0 || total != mine) {
            return false;
        }
        storeState(st | CONTINUING); // MUTATION: production compares-and-sets against st
        return true;
    }
}
