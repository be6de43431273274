package org.mpsharness.model.mutants;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * Seeded bug that keeps the ABA: the adaptive gate as it was before the fix, a count compared and then CASed.
 *
 * <p>State word: continuing bit 32, total active users in bits 0..31; plus active users per stream. The decision on S
 * reads the word and {@code users[S]} and CASes the continuing bit in if {@code total == users[S]}.
 *
 * <p><b>Operator:</b> compare a value that can come back (a count) instead of a handshake (the production gate's Dekker
 * pair of users and gate word). Between the decision's read and its CAS, another stream activates (+1) and a second
 * user of S deactivates (−1): the word is back to what was read, the CAS succeeds, and S continues while the other
 * stream is active. Two users of one stream are normal (every thread on the default stream), so this is reachable.
 *
 * <p><b>Breaks:</b> the gate's safety property (no commit-and-continue while another stream is active).
 *
 * <p><b>Caught by:</b> Lincheck model checking on the hand-written scenario {@code CommitGateLin.aba()}, the contract's
 * shared-stream race ({@code GateContract}), jcstress {@code BrokenCountingGateSharedStream}.
 *
 * <p>It is also the base of the older seeded variants of the counting design (the steps they mutate are overridable:
 * {@link #loadState}, {@link #casState}, {@link #addState}, {@link #storeState} and the protocol operations), so each
 * of them differs from this class by one operator, and this class itself runs unmutated in the catalogue.
 */
public class CountingCommitGate implements CommitGate {
    static final long CONTINUING = 1L << 32;
    static final long COUNT_MASK = CONTINUING - 1;

    private final AtomicLong state = new AtomicLong();
    final AtomicIntegerArray users = new AtomicIntegerArray(MpsStream.MAX_STREAMS);

    long loadState() {
        return state.get();
    }

    boolean casState(long expect, long update) {
        return state.compareAndSet(expect, update);
    }

    void addState(long delta) {
        state.addAndGet(delta);
    }

    /** Not used by the production algorithm (every write of the state word there is a CAS or an atomic add). */
    void storeState(long value) {
        state.set(value);
    }

    public CountingCommitGate() {
        super();
    }

    @Override
    public void activate(MpsStream stream) {
        while (true) {
            long st = loadState();
            if ((st & CONTINUING) != 0) {
                Thread.onSpinWait();
                continue;
            }
            if (casState(st, st + 1)) {
                break;
            }
        }
        users.incrementAndGet(stream.index());
    }

    @Override
    public void deactivate(MpsStream stream) {
        if (users.decrementAndGet(stream.index()) < 0) {
            users.incrementAndGet(stream.index());
            throw new IllegalStateException("deactivate without activate on stream " + stream.index());
        }
        addState(-1);
    }

    @Override
    public boolean tryBeginContinue(MpsStream stream) {
        while (true) {
            long st = loadState();
            if ((st & CONTINUING) != 0) {
                return false;
            }
            long total = st & COUNT_MASK;
            int mine = users.get(stream.index());
            if (mine == 0 || total != mine) {
                return false;
            }
            if (casState(st, st | CONTINUING)) {
                return true;
            }
        }
    }

    @Override
    public void endContinue(MpsStream stream) {
        while (true) {
            long st = loadState();
            if ((st & CONTINUING) == 0) {
                throw new IllegalStateException("endContinue without a commit-and-continue in progress");
            }
            if (casState(st, st & ~CONTINUING)) {
                return;
            }
        }
    }

    @Override
    public int activeStreams() {
        int n = 0;
        for (int i = 0; i < users.length(); i++) {
            n += users.get(i) > 0 ? 1 : 0;
        }
        return n;
    }

    @Override
    public String mode() {
        return "auto";
    }
}
