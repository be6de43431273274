package org.mpsharness.core.stream;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.LockOrderChecker;

/**
 * Improved design of improvement 2 ({@code PYTORCH_MPS_COMMIT_AND_CONTINUE=auto}): commit-and-continue is allowed
 * exactly when the committing stream is the only active one — the default stream of a single-threaded program, or the
 * one worker of a single inference thread — and off as soon as a second stream is active.
 *
 * <p><b>State.</b> Users per stream ({@link StreamUsers}: one padded word each, so activating one's own stream writes
 * no shared line) and one gate word {@code gate = (version, stream, mode)}, every change a new version:
 * {@code NONE}; {@code CHECKING(S)} (a decision on S is scanning the other streams); {@code CONTINUING(S)} (a
 * commit-and-continue on S runs); {@code BIASED(S)} (S keeps the right to continue until another stream activates);
 * {@code REVOKING(S)} (an activation is taking that right away).
 *
 * <p><b>Why no count is compared (the ABA of the previous design).</b> The previous design compared a total count with
 * the users of S and CASed the count word: another stream activating (+1) and a second user of S leaving (−1) between
 * the read and the CAS restored the count, the CAS succeeded and S continued while the other stream was active
 * ({@code model.mutants.CountingCommitGate}). Here a decision and an activation meet in a Dekker handshake instead: the
 * activation adds itself to its stream's users, then reads the gate word; the decision CASes the gate word to
 * {@code CHECKING(S)}, then reads every other stream's users. All four accesses are sequentially consistent, so
 * whichever comes second sees the first: the decision sees the user (and says no), or the activation sees
 * {@code CHECKING}/{@code CONTINUING} (and waits, still counted, so the decision's scan may see it). Nothing is compared
 * across two reads, so nothing can come back to an old value unnoticed.
 *
 * <p><b>Why the single-stream decision writes nothing (bias).</b> A successful decision ends in {@code BIASED(S)}, and
 * while the word says so a decision on S is two loads ({@code gate == BIASED(S)} and {@code users[S] > 0}) and the end
 * of the continue writes nothing. This is sound because of the {@link CommitGate} contract: a decision and its continue
 * run under S's mutex. An activation of another stream T that finds {@code BIASED(S)} CASes it to
 * {@code REVOKING(S)} and then writes {@code NONE} <em>while holding S's mutex</em> ({@link #quiesce}): a continue that
 * read the old word finished before the revoker got the mutex, and a decision on S that comes after the mutex sees
 * {@code NONE}. T returns (is active) only after {@code NONE}; every activation that meets {@code REVOKING} or a
 * {@code CONTINUING} of another stream waits for it to end. A decision on S that meets {@code REVOKING(S)} may still
 * continue (the revoker cannot finish before the mutex is free).
 *
 * <p><b>Linearizable, not only safe.</b> A decision re-reads {@code users[S]} after its scan (a user of S that left
 * during it makes the answer "no"); a decision that finds another stream's {@code CHECKING} waits for it to resolve
 * instead of answering "no" (that decision could fail because of S itself, and both would then refuse a sole active
 * stream). {@link #activeStreams} is two identical collects of the gate word and all users: under {@code NONE} every
 * stream with users counts; under {@code BIASED}/{@code CONTINUING}/{@code REVOKING} of S only S can have finished
 * activations (users of other streams are activations still in progress); {@code CHECKING} is waited out.
 *
 * <p><b>Waits.</b> {@link #activate} may wait (for a continue or a revocation to end, and for a stream's mutex), so it
 * is a wait at {@link LockLevel#GATE}: the lock-order checker reports a call under an allocator lock or a stream mutex.
 * Decisions never wait for a continue; they wait only for another decision's scan, which runs no caller code.
 *
 * <p><b>Memory orders</b> (docs/porting.md; each access below names its C++ order): users increment on activation
 * {@code fetch_add(seq_cst)} and the following gate load {@code load(seq_cst)}; the decision's CAS
 * {@code compare_exchange_strong(seq_cst)} and its scan {@code load(seq_cst)}; every other gate write is a
 * {@code store(release)} by the only thread that may make it; fast path, hints and snapshot {@code load(acquire)};
 * deactivation {@code fetch_sub(release)} (a stale positive read only makes a decision say "no").
 */
public class AdaptiveCommitGate implements CommitGate {
    static final int NONE = 0;
    static final int CHECKING = 1;
    static final int CONTINUING = 2;
    static final int BIASED = 3;
    static final int REVOKING = 4;
    private static final String[] MODES = {"NONE", "CHECKING", "CONTINUING", "BIASED", "REVOKING"};
    private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
    /** Index of the gate word in {@link #gateCell}: a 128-byte line of padding on each side. */
    private static final int GATE = StreamUsers.STRIDE;

    private final StreamUsers users = new StreamUsers();
    private final long[] gateCell = new long[2 * StreamUsers.STRIDE + 1];
    /**
     * The stream of the current {@code CONTINUING}/{@code BIASED} word. Written only by the decision that holds
     * {@code CHECKING}, before its release store of {@code CONTINUING}; read by a revoker after its CAS from
     * {@code BIASED}, which reads from that release chain, so it sees this write and no later one.
     */
    private MpsStream biasedStream;

    @Override
    public void activate(MpsStream stream) {
        LockOrderChecker.beforeWait(LockLevel.GATE, "the commit gate's activation");
        int t = stream.index();
        users.addSeqCst(t); // C++: fetch_add(seq_cst): before the gate load below (Dekker with the decision)
        long g = (long) CELL.getVolatile(gateCell, GATE); // C++: load(seq_cst)
        int spins = 0;
        while (true) {
            int mode = mode(g);
            if (mode == NONE || stream(g) == t) {
                return; // no other stream continues or may continue
            }
            if (mode == BIASED) {
                long revoking = next(g, REVOKING, stream(g));
                if (CELL.compareAndSet(gateCell, GATE, g, revoking)) { // C++: compare_exchange_strong(seq_cst)
                    revoke(revoking);
                    return;
                }
            } else {
                spins = backOff(spins); // CHECKING, CONTINUING or REVOKING of another stream: wait, still counted
            }
            g = (long) CELL.getAcquire(gateCell, GATE); // C++: load(acquire)
        }
    }

    @Override
    public void deactivate(MpsStream stream) {
        users.subtractRelease(stream.index()); // C++: fetch_sub(release)
    }

    /** Must be called holding {@code stream}'s mutex (see {@link CommitGate}). */
    @Override
    public boolean tryBeginContinue(MpsStream stream) {
        int s = stream.index();
        long g = (long) CELL.getAcquire(gateCell, GATE); // C++: load(acquire)
        int mode = mode(g);
        if (stream(g) == s && (mode == BIASED || mode == REVOKING)) {
            return users.usersAcquire(s) > 0; // fast path, no write; C++: load(acquire)
        }
        return decide(stream, g);
    }

    private boolean decide(MpsStream stream, long g) {
        int s = stream.index();
        int spins = 0;
        while (true) {
            if (users.usersAcquire(s) == 0 || users.anyOtherAcquire(s)) { // C++: load(acquire) each
                return false; // reads only: several active streams never write the gate word
            }
            int mode = mode(g);
            if (mode == CHECKING) {
                spins = backOff(spins); // another decision scans: its outcome decides ours
                g = (long) CELL.getAcquire(gateCell, GATE); // C++: load(acquire)
                continue;
            }
            if (mode != NONE) {
                return false; // another stream continues, keeps its bias, or an activation revokes one
            }
            long checking = next(g, CHECKING, s);
            if (!CELL.compareAndSet(gateCell, GATE, g, checking)) { // C++: compare_exchange_strong(seq_cst)
                g = (long) CELL.getAcquire(gateCell, GATE); // C++: load(acquire)
                continue;
            }
            if (users.anyOtherSeqCst(s) || users.usersSeqCst(s) == 0) { // C++: load(seq_cst) each (Dekker)
                CELL.setRelease(gateCell, GATE, next(checking, NONE, 0)); // C++: store(release)
                return false;
            }
            biasedStream = stream;
            CELL.setRelease(gateCell, GATE, next(checking, CONTINUING, s)); // C++: store(release)
            return true;
        }
    }

    /** Must be called holding {@code stream}'s mutex, after a {@link #tryBeginContinue} that returned true. */
    @Override
    public void endContinue(MpsStream stream) {
        int s = stream.index();
        long g = (long) CELL.getOpaque(gateCell, GATE); // C++: load(relaxed): only this thread can change it now
        int mode = mode(g);
        if (stream(g) == s && mode == CONTINUING) {
            CELL.setRelease(gateCell, GATE, next(g, BIASED, s)); // C++: store(release): S keeps the right
            return;
        }
        if (stream(g) == s && (mode == BIASED || mode == REVOKING)) {
            return; // a fast-path continue: nothing held
        }
        throw new IllegalStateException("endContinue on stream " + s + " without a commit-and-continue in progress ("
                + describe(g) + ")");
    }

    @Override
    public int activeStreams() {
        long[] a = new long[StreamUsers.STREAMS + 1];
        long[] b = new long[StreamUsers.STREAMS + 1];
        collect(a);
        int spins = 0;
        while (true) {
            collect(b);
            long g = a[StreamUsers.STREAMS];
            if (Arrays.equals(a, b) && mode(g) != CHECKING) { // every word held these values at one instant
                if (mode(g) == NONE) {
                    return StreamUsers.activeIn(a);
                }
                return StreamUsers.users(a[stream(g)]) > 0 ? 1 : 0; // others: activations still in progress
            }
            long[] t = a;
            a = b;
            b = t;
            spins = backOff(spins);
        }
    }

    private void collect(long[] into) {
        into[StreamUsers.STREAMS] = (long) CELL.getAcquire(gateCell, GATE); // C++: load(acquire)
        users.collectAcquire(into);
    }

    @Override
    public String mode() {
        return "auto";
    }

    /**
     * Ends a revocation: {@code BIASED(S)} was CASed to {@code revoking}; {@code NONE} is written under S's mutex.
     * The biased stream is read after that CAS (see {@link #biasedStream}).
     */
    private void revoke(long revoking) {
        MpsStream biased = biasedStream;
        long none = next(revoking, NONE, 0);
        quiesce(biased, () -> CELL.setRelease(gateCell, GATE, none)); // C++: store(release), under S's mutex
    }

    /**
     * Runs {@code lastStep} of a revocation while holding {@code biased}'s mutex: every decision on it that may have
     * read the old {@code BIASED} word, and the continue it allowed, ended before; every later decision happens after
     * {@code lastStep}. Overridable only so that a seeded variant can drop the mutex (model.mutants).
     */
    protected void quiesce(MpsStream biased, Runnable lastStep) {
        biased.underMutex(() -> {
            lastStep.run();
            return null;
        });
    }

    /** The gate word in words, for messages and tests. */
    String describeGate() {
        return describe(word());
    }

    /** Users of one stream, activations in progress included (tests). */
    int usersOf(int stream) {
        return users.usersAcquire(stream);
    }

    /** The gate word itself (tests: a decision on the fast path must not change it). */
    long word() {
        return (long) CELL.getAcquire(gateCell, GATE); // C++: load(acquire)
    }

    private static String describe(long g) {
        return mode(g) == NONE ? "NONE" : MODES[mode(g)] + "(" + stream(g) + ")";
    }

    static int mode(long g) {
        return (int) (g & 7);
    }

    static int stream(long g) {
        return (int) (g >>> 3) & 31;
    }

    /** The word after {@code g}: one version more, the given mode and stream. */
    static long next(long g, int mode, int stream) {
        return ((g >>> 8) + 1) << 8 | (long) stream << 3 | mode;
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
