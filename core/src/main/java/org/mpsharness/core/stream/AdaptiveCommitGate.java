package org.mpsharness.core.stream;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Improved design of improvement 2 ({@code PYTORCH_MPS_COMMIT_AND_CONTINUE=auto}): commit-and-continue is allowed
 * exactly when the committing stream is the only active one — the default stream of a single-threaded program, or the
 * one worker of a single inference thread — and off as soon as a second stream is active.
 *
 * <p>State: one word {@code state} = (continuing bit 32, active users in bits 0..31) plus users per stream. The rule
 * "commit-and-continue on S only if every active user is a user of S" is decided by one CAS on {@code state} that
 * also sets the continuing bit, so it cannot interleave with an activation: an activation increments {@code state}
 * (by CAS, refusing while the bit is set) <em>before</em> it counts itself on its stream, and a deactivation uncounts
 * itself on its stream <em>before</em> it decrements {@code state}. Hence at every instant
 * {@code total(state) >= users[S] + (active users of other streams)}, and equality at the CAS proves no other stream is
 * active; the bit then keeps any new activation waiting until {@link #endContinue}.
 *
 * <p>Memory orders (port): every access below is sequentially consistent in Java (volatile/CAS); the argument needs the
 * CAS on {@code state} to be {@code memory_order_acq_rel} and the per-stream counters at least acquire/release, with
 * the read of {@code users[S]} after the acquire-load of {@code state} (it is; both are seq_cst here).
 */
public final class AdaptiveCommitGate implements CommitGate {
    private static final long CONTINUING = 1L << 32;
    private static final long COUNT_MASK = CONTINUING - 1;

    /** (continuing bit, total active users). */
    private final AtomicLong state = new AtomicLong();
    /** Active users of each stream. */
    private final AtomicIntegerArray users = new AtomicIntegerArray(MpsStream.MAX_STREAMS);

    @Override
    public void activate(MpsStream stream) {
        int spins = 0;
        while (true) {
            long st = state.get();
            if ((st & CONTINUING) != 0) {
                spins = backOff(spins); // a commit-and-continue is running: wait for it to end
                continue;
            }
            if (state.compareAndSet(st, st + 1)) { // seq_cst CAS: counted before it may act on its stream
                break;
            }
        }
        users.incrementAndGet(stream.index());
    }

    @Override
    public void deactivate(MpsStream stream) {
        if (users.decrementAndGet(stream.index()) < 0) { // uncount on the stream first (see class comment)
            users.incrementAndGet(stream.index());
            throw new IllegalStateException("deactivate without activate on stream " + stream.index());
        }
        state.decrementAndGet();
    }

    @Override
    public boolean tryBeginContinue(MpsStream stream) {
        while (true) {
            long st = state.get();
            if ((st & CONTINUING) != 0) {
                return false;
            }
            long total = st & COUNT_MASK;
            int mine = users.get(stream.index()); // read after state: see class comment
            if (mine == 0 || total != mine) {
                return false; // another stream is active (or this one is not): plain commit
            }
            if (state.compareAndSet(st, st | CONTINUING)) { // nothing changed since the decision
                return true;
            }
        }
    }

    @Override
    public void endContinue(MpsStream stream) {
        while (true) {
            long st = state.get();
            if ((st & CONTINUING) == 0) {
                throw new IllegalStateException("endContinue without a commit-and-continue in progress");
            }
            if (state.compareAndSet(st, st & ~CONTINUING)) { // release: lets waiting activations proceed
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

    private static int backOff(int spins) {
        if (spins < 64) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return spins + 1;
    }
}
