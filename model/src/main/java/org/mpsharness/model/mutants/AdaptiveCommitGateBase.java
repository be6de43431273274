package org.mpsharness.model.mutants;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * Deliberate near-copy of {@link org.mpsharness.core.stream.AdaptiveCommitGate} with the steps that the seeded bugs
 * mutate as overridable methods: the accesses to the packed state word ({@link #loadState}, {@link #casState}, {@link
 * #addState}, {@link #storeState}) and the four protocol operations. Unmutated it is the production algorithm with the
 * same memory orders, so every subclass differs from production by one operator.
 *
 * <p>State word: continuing bit 32, active users in bits 0..31; plus active users per stream.
 */
abstract class AdaptiveCommitGateBase implements CommitGate {
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
