package org.mpsharness.core.workload;

import java.util.concurrent.atomic.AtomicInteger;
import org.mpsharness.core.stream.CommitGate;
import org.mpsharness.core.stream.MpsStream;

/**
 * A {@link CommitGate} that records every call of another gate into an {@link OpLog}: activate, deactivate, the
 * decision ({@code beginContinue}, with its answer) and the end of the continue as separate operations, so that the
 * {@code commit-gate} history spec can see a continue <em>in progress</em> and reject a history in which another
 * stream's activation finished inside it.
 *
 * <p>Why a wrapper: the gate is the only place every decision passes through (MpsStream's commit paths, explicit
 * {@code COMMIT_AND_CONTINUE}, checks), so wrapping it records all of them without touching the stream or the pool;
 * the wrapped gate's behaviour is unchanged (the wrapper adds a clock read and an array store per event, no lock).
 * Use: {@code new RecordingCommitGate(design.newGate(mode), log)} wherever a runtime is assembled with a log.
 *
 * <p>Each thread records through its own writer (process ids from {@code firstProcess} on), as the log requires.
 */
public final class RecordingCommitGate implements CommitGate {
    /** Default first process id: far from the workload's thread ids, so the two are not confused in reports. */
    public static final int FIRST_PROCESS = 1_000;

    private final CommitGate inner;
    private final ThreadLocal<OpLog.Writer> writer;

    public RecordingCommitGate(CommitGate inner, OpLog log) {
        this(inner, log, FIRST_PROCESS);
    }

    public RecordingCommitGate(CommitGate inner, OpLog log, int firstProcess) {
        this.inner = inner;
        AtomicInteger next = new AtomicInteger(firstProcess);
        this.writer = ThreadLocal.withInitial(() -> log.writer(next.getAndIncrement()));
    }

    /** The gate whose calls are recorded. */
    public CommitGate inner() {
        return inner;
    }

    @Override
    public void activate(MpsStream stream) {
        OpLog.Writer w = writer.get();
        w.invoke(OpLog.Fn.ACTIVATE, stream.index(), 0, 0);
        inner.activate(stream);
        w.ok(OpLog.Fn.ACTIVATE, 0, 0, 0);
    }

    @Override
    public void deactivate(MpsStream stream) {
        OpLog.Writer w = writer.get();
        w.invoke(OpLog.Fn.DEACTIVATE, stream.index(), 0, 0);
        try {
            inner.deactivate(stream);
        } catch (RuntimeException e) {
            w.fail(OpLog.Fn.DEACTIVATE); // refused (no activation to undo): changed nothing
            throw e;
        }
        w.ok(OpLog.Fn.DEACTIVATE, 0, 0, 0);
    }

    @Override
    public boolean tryBeginContinue(MpsStream stream) {
        OpLog.Writer w = writer.get();
        w.invoke(OpLog.Fn.BEGIN_CONTINUE, stream.index(), 0, 0);
        boolean ok = inner.tryBeginContinue(stream);
        w.ok(OpLog.Fn.BEGIN_CONTINUE, ok ? 1 : 0, 0, 0);
        return ok;
    }

    @Override
    public void endContinue(MpsStream stream) {
        OpLog.Writer w = writer.get();
        w.invoke(OpLog.Fn.END_CONTINUE, stream.index(), 0, 0);
        inner.endContinue(stream);
        w.ok(OpLog.Fn.END_CONTINUE, 0, 0, 0);
    }

    @Override
    public int activeStreams() {
        return inner.activeStreams();
    }

    @Override
    public String mode() {
        return inner.mode();
    }
}
