package org.mpsharness.model.mutants;

import org.mpsharness.core.stream.MpsStream;

/**
 * Seeded bug in the counting gate ({@link CountingCommitGate}, itself seeded with the ABA): an activation counts
 * itself on its stream <em>before</em> it is admitted by the state word.
 *
 * <p><b>Operator:</b> swap two ordered updates (shift a statement across the CAS that must precede it). The counting
 * design's invariant {@code total(state) >= users[S] + users of other streams} needs "state first, stream second" on
 * activation; with the order reversed a second stream shows as active (its per-stream count is up) while the state
 * word still says one user, so a commit-and-continue on the first stream is allowed — and the new stream is then held
 * waiting <em>after</em> it already counts as active.
 *
 * <p><b>Breaks:</b> the gate's safety property: no commit-and-continue while another stream counts as active.
 *
 * <p><b>Caught by:</b> jcstress {@code BrokenUsersFirstGateSecondStream}.
 */
public final class UsersFirstCommitGate extends CountingCommitGate {

    public UsersFirstCommitGate() {
        super();
    }

    @Override
    public void activate(MpsStream stream) {
        users.incrementAndGet(stream.index()); // MUTATION: production increments users after the state CAS
        while (true) {
            long st = loadState();
            if ((st & CONTINUING) != 0) {
                Thread.onSpinWait();
                continue;
            }
            if (casState(st, st + 1)) {
                return;
            }
        }
    }
}
