package org.mpsharness.model.mutants;

import org.mpsharness.core.stream.MpsStream;

/**
 * Seeded bug in the counting gate ({@link CountingCommitGate}, itself seeded with the ABA): activation does not wait
 * for a commit-and-continue in progress; it adds itself to the state word with an atomic add whatever the continuing
 * bit says.
 *
 * <p><b>Operator:</b> remove the guard of a conditional update (CAS loop that refuses while the bit is set &rarr;
 * unconditional {@code fetch_add}). Every update stays atomic; only the exclusion between "continuing" and "a new
 * stream becomes active" is gone.
 *
 * <p><b>Breaks:</b> the gate's safety property in the case the javadoc of CommitGate singles out: a second stream
 * becoming active <em>during</em> a commit-and-continue.
 *
 * <p><b>Caught by:</b> jcstress {@code BrokenNoWaitGateSecondStream}.
 */
public final class NoWaitCommitGate extends CountingCommitGate {

    public NoWaitCommitGate() {
        super();
    }

    @Override
    public void activate(MpsStream stream) {
        addState(1); // MUTATION: production CASes st -> st + 1 only while the continuing bit is clear
        users.incrementAndGet(stream.index());
    }
}
