package org.mpsharness.model.mutants;

/**
 * Seeded bug in the counting gate ({@link CountingCommitGate}, itself seeded with the ABA): its packed state word as
 * a plain field, updated by plain read-modify-write.
 *
 * <p><b>Operator:</b> remove volatile and atomicity ({@code AtomicLong} &rarr; {@code long}; CAS &rarr; compare then
 * store; {@code addAndGet} &rarr; {@code +=}). In C++: a non-atomic {@code uint64_t}, a data race.
 *
 * <p><b>Breaks:</b> the gate's count and with it its safety property: two racing activations can be counted as one, so
 * {@code total == users[S]} holds for a stream while another stream is active, and commit-and-continue is allowed.
 *
 * <p><b>Caught by:</b> jcstress {@code BrokenPlainStateGateActivations} (after two activations of two streams the
 * arbiter is allowed to commit-and-continue).
 */
public final class PlainStateCommitGate extends CountingCommitGate {
    private long plainState; // MUTATION: production is an AtomicLong

    public PlainStateCommitGate() {
        super();
    }

    @Override
    long loadState() {
        return plainState;
    }

    @Override
    boolean casState(long expect, long update) {
        if (plainState != expect) { // MUTATION: not atomic
            return false;
        }
        plainState = update;
        return true;
    }

    @Override
    void addState(long delta) {
        plainState += delta;
    }

    @Override
    void storeState(long value) {
        plainState = value;
    }
}
