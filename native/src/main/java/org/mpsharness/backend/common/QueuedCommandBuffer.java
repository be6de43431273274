package org.mpsharness.backend.common;

import java.util.ArrayList;
import java.util.List;
import org.mpsharness.core.device.CommandBuffer;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.PatternCheck;
import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.lock.LockOrderChecker;

/**
 * A command buffer of a native backend: work is recorded in Java and handed to the driver at commit, in order.
 * It enforces the rules of invariant 10 exactly as the simulated device does (all throw {@link IllegalStateException}):
 * no completion handler after commit, never commit twice, no encoding after commit, no wait on an uncommitted buffer.
 * It retains every buffer it uses until it completes; a buffer released before encoding is reported as a use after
 * release and its work is dropped (unlike the simulator, native memory may already be gone).
 *
 * <p>Completion is detected by the device's {@link CompletionPoller}, which calls {@link #pollDone()} and then
 * {@link #complete()}: results are delivered, retains dropped, the status set and waiters woken; handlers are then
 * queued to the device's {@link HandlerRunner}. The native completion handle (a CUevent, a retained
 * {@code MTLCommandBuffer}) is given back by {@link #finishNative()} once no waiter is blocked on it.
 */
public abstract class QueuedCommandBuffer implements CommandBuffer {
    protected final BackendQueue queue;
    private final List<EncodedOp> ops = new ArrayList<>();
    private final List<Runnable> handlers = new ArrayList<>();
    private final List<TrackedBuffer> retained = new ArrayList<>();
    private volatile Status status = Status.NOT_ENQUEUED;
    private volatile String error;
    private volatile boolean enqueueFailed;
    private int pins; // guarded by this: threads blocked in nativeWait()
    private boolean nativeFinished; // guarded by this

    protected QueuedCommandBuffer(BackendQueue queue) {
        this.queue = queue;
    }

    // ------------------------------------------------------------------------------------------------ encoding

    private void requireEncodable(String what) {
        if (status != Status.NOT_ENQUEUED) {
            throw new IllegalStateException(what + " on a command buffer of '" + queue.label()
                    + "' after it was committed");
        }
    }

    /** Retains a live buffer for the GPU; null (and a reported violation) for a released one. */
    private TrackedBuffer use(DeviceBuffer b, String op) {
        TrackedBuffer tb = queue.core().own(b);
        if (tb.isReleased() || !tb.retainForGpu()) {
            queue.core().ledger().violation("use after free: " + op + " encoded on released " + tb + " (stream '"
                    + queue.label() + "')");
            return null;
        }
        retained.add(tb);
        return tb;
    }

    @Override
    public synchronized void fill(DeviceBuffer buffer, long offset, long length, byte value) {
        requireEncodable("fill");
        checkRange(buffer, offset, length);
        checkFill(buffer, offset, length);
        TrackedBuffer tb = use(buffer, "fill");
        if (tb != null && length > 0) {
            ops.add(new EncodedOp.Fill(tb, offset, length, value));
        }
    }

    @Override
    public synchronized void verify(DeviceBuffer buffer, long offset, long length, byte expected,
                                    PatternCheck result) {
        requireEncodable("verify");
        checkRange(buffer, offset, length);
        TrackedBuffer tb = use(buffer, "verify");
        ops.add(tb == null ? new EncodedOp.Dropped(result, length)
                : new EncodedOp.Verify(tb, offset, length, expected, result));
    }

    @Override
    public synchronized void compute(long nanos) {
        requireEncodable("compute");
        if (nanos > 0) {
            ops.add(new EncodedOp.Compute(nanos));
        }
    }

    @Override
    public synchronized void encodeSignalEvent(SharedEvent event, long value) {
        requireEncodable("encodeSignalEvent");
        checkEvent(event);
        ops.add(new EncodedOp.Signal(event, value));
    }

    @Override
    public synchronized void encodeWaitForEvent(SharedEvent event, long value) {
        requireEncodable("encodeWaitForEvent");
        checkEvent(event);
        if (prepareWait(event, value, ops)) {
            ops.add(new EncodedOp.Wait(event, value));
        }
    }

    @Override
    public synchronized void addCompletedHandler(Runnable handler) {
        if (status != Status.NOT_ENQUEUED) {
            throw new IllegalStateException("addCompletedHandler after commit on a command buffer of '"
                    + queue.label() + "' (pytorch#100285)");
        }
        handlers.add(handler);
    }

    // ------------------------------------------------------------------------------------------------ commit / wait

    @Override
    public void commit() {
        synchronized (this) {
            if (status != Status.NOT_ENQUEUED) {
                throw new IllegalStateException("command buffer of '" + queue.label() + "' committed twice");
            }
            status = Status.COMMITTED;
        }
        queue.submit(this);
    }

    @Override
    public CommandBuffer commitAndContinue() {
        commit();
        return queue.commandBuffer();
    }

    /** Called by the queue under its submit lock. */
    final void enqueue() {
        try {
            enqueueNative(ops);
        } catch (RuntimeException | Error e) {
            gpuError("enqueue failed: " + e.getMessage());
            enqueueFailed = true;
        }
    }

    @Override
    public void waitUntilCompleted() {
        if (status == Status.NOT_ENQUEUED) {
            throw new IllegalStateException("waitUntilCompleted on an uncommitted command buffer of '"
                    + queue.label() + "': this deadlocks on Metal");
        }
        LockOrderChecker.assertMayBlock("waitUntilCompleted on '" + queue.label() + "'");
        boolean pinned;
        synchronized (this) {
            pinned = !finished() && !nativeFinished && !enqueueFailed;
            if (pinned) {
                pins++;
            }
        }
        if (pinned) {
            try {
                nativeWait();
            } catch (RuntimeException e) {
                // the poller reports the failure through the status
            } finally {
                unpin();
            }
            queue.core().poller().wake();
        }
        synchronized (this) {
            while (!finished()) {
                try {
                    wait(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted in waitUntilCompleted", ie);
                }
            }
        }
    }

    private void unpin() {
        boolean finish;
        synchronized (this) {
            pins--;
            finish = pins == 0 && finished() && !nativeFinished;
            nativeFinished |= finish;
        }
        if (finish) {
            finishNative();
        }
    }

    final boolean finished() {
        Status s = status;
        return s == Status.COMPLETED || s == Status.ERROR;
    }

    @Override
    public Status status() {
        return status;
    }

    @Override
    public String error() {
        return error;
    }

    // ------------------------------------------------------------------------------------------------ completion

    /** Poller thread: true when the work has finished on the device (or can never run). */
    final boolean pollDone() {
        if (enqueueFailed) {
            return true;
        }
        try {
            return pollNative();
        } catch (RuntimeException e) {
            gpuError("completion query failed: " + e.getMessage());
            return true;
        }
    }

    /** Poller thread: settles results, retains and status, then queues the handlers. */
    final void complete() {
        try {
            deliverResults(ops);
        } catch (RuntimeException e) {
            gpuError("delivering results failed: " + e);
        }
        for (EncodedOp op : ops) {
            if (op instanceof EncodedOp.Verify v && !v.result().done()) {
                v.result().fail(v.length());
            } else if (op instanceof EncodedOp.Dropped d) {
                d.result().fail(d.length());
            }
        }
        for (TrackedBuffer b : retained) {
            b.releaseFromGpu();
        }
        retained.clear();
        queue.completed(); // before the status: whoever sees it completed also sees the counters down
        if (error != null) {
            queue.core().ledger().violation("command buffer error: " + error);
        }
        boolean finish;
        synchronized (this) {
            finish = pins == 0 && !nativeFinished;
            nativeFinished |= finish;
        }
        if (finish) {
            finishNative(); // before the status too (else a pinned waiter's unpin gives it back)
        }
        List<Runnable> toRun;
        synchronized (this) {
            status = error == null ? Status.COMPLETED : Status.ERROR;
            toRun = new ArrayList<>(handlers);
            handlers.clear();
            notifyAll();
        }
        queue.core().handlers().submit(toRun);
    }

    /** Records a failure of this buffer's GPU work (the first one wins); the buffer completes with ERROR. */
    protected final void gpuError(String text) {
        synchronized (this) {
            if (error == null) {
                error = "queue '" + queue.label() + "': " + text;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ backend hooks

    /**
     * Hands the recorded work to the driver, in order, and arms the completion marker. Failures of single calls
     * should be reported with {@link #gpuError} while still arming the marker after the work that was enqueued. If
     * it throws, the backend guarantees that none of the work still runs.
     */
    protected abstract void enqueueNative(List<EncodedOp> ops);

    /** True when the work has completed; report device errors with {@link #gpuError}. */
    protected abstract boolean pollNative();

    /** Moves verify results into their {@link PatternCheck}s (work has completed). */
    protected abstract void deliverResults(List<EncodedOp> ops);

    /** Blocks in the driver until the work completes (the native handle is pinned meanwhile). */
    protected abstract void nativeWait();

    /** Gives the native completion handle back; called exactly once, after completion, with no waiter inside. */
    protected abstract void finishNative();

    /** Throws {@link IllegalArgumentException} for a fill range the backend cannot express (default: none). */
    protected void checkFill(DeviceBuffer buffer, long offset, long length) {
    }

    /** Throws when the event is not this backend's. */
    protected abstract void checkEvent(SharedEvent event);

    /**
     * Validates an event wait at encoding time; false when it is already satisfied and needs no work.
     *
     * @param earlier the operations encoded before it in this buffer
     */
    protected abstract boolean prepareWait(SharedEvent event, long value, List<EncodedOp> earlier);

    private static void checkRange(DeviceBuffer b, long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > b.length()) {
            throw new IndexOutOfBoundsException("[" + offset + ", +" + length + ") outside buffer of " + b.length());
        }
    }
}
