package org.mpsharness.backend.cuda;

import java.util.Arrays;
import org.mpsharness.core.device.SharedEvent;

/**
 * An {@code MTLSharedEvent} emulated on CUDA: a rising 64-bit counter over pooled CUevents.
 *
 * <p>A CUevent holds only its last record, while a shared event is a counter that many signals raise. So every
 * signal gets its own pooled CUevent, recorded on the signalling stream when the command buffer is committed; the
 * event keeps the (value, CUevent) pairs in record order. {@link #signaledValue()} advances through them in order while
 * {@code cuEventQuery} reports them complete (and the completion poller retires the pairs of command buffers it
 * completes), returning each CUevent to the pool.
 *
 * <p>A wait for value v becomes {@code cuStreamWaitEvent} on the CUevent of the first recorded signal with a value of
 * at least v, or nothing when v was already reached. <b>Limitation:</b> that signal must have been committed before
 * the wait is encoded (or be encoded earlier in the same command buffer): CUDA cannot wait for a record that does not
 * exist yet, where Metal would hold the GPU queue until a later signal. The backend throws
 * {@link IllegalStateException} in that case instead of silently not waiting. The workload commits every signal
 * before another queue waits on it (it must, or it could deadlock on Metal too).
 */
final class CudaSharedEvent implements SharedEvent {
    private final CudaDevice device;
    private final long id;
    private volatile long completed; // highest value whose signal was observed complete
    private volatile int pendingCount; // mirrors n for the lock-free fast path
    private long[] values = new long[8]; // guarded by this: pending signals in record order
    private long[] events = new long[8]; // guarded by this
    private int n; // guarded by this
    private boolean released; // guarded by this
    private boolean queryFailed; // guarded by this

    CudaSharedEvent(CudaDevice device, long id) {
        this.device = device;
        this.id = id;
    }

    @Override
    public long id() {
        return id;
    }

    CudaDevice device() {
        return device;
    }

    @Override
    public long signaledValue() {
        if (pendingCount == 0) {
            return completed;
        }
        synchronized (this) {
            refresh();
            return completed;
        }
    }

    /** Retires pending signals in record order while their CUevents report complete. */
    private void refresh() {
        if (n == 0) {
            return;
        }
        device.ensureContext();
        int done = 0;
        while (done < n) {
            int rc = CudaApi.cuEventQuery(events[done]);
            if (rc == CudaDriver.CUDA_ERROR_NOT_READY) {
                break;
            }
            if (rc != CudaDriver.CUDA_SUCCESS) {
                if (!queryFailed) {
                    queryFailed = true;
                    device.ledger().violation(CudaDriver.failure(rc, "cuEventQuery(shared event #" + id + ")")
                            .getMessage());
                }
                break;
            }
            raise(values[done]);
            device.events().give(events[done]);
            done++;
        }
        removeFirst(done);
    }

    private void raise(long v) {
        if (v > completed) {
            completed = v;
        }
    }

    private void removeFirst(int k) {
        if (k == 0) {
            return;
        }
        System.arraycopy(values, k, values, 0, n - k);
        System.arraycopy(events, k, events, 0, n - k);
        n -= k;
        pendingCount = n;
    }

    /** Commit time: the signal of {@code value} was recorded as {@code cuEvent} on its stream. */
    synchronized void recorded(long value, long cuEvent) {
        if (released) {
            device.events().give(cuEvent); // signalling a released event: nobody can observe it
            return;
        }
        if (n == values.length) {
            values = Arrays.copyOf(values, n * 2);
            events = Arrays.copyOf(events, n * 2);
        }
        values[n] = value;
        events[n] = cuEvent;
        n++;
        pendingCount = n;
    }

    /** The command buffer that recorded {@code cuEvent} completed, so the signal has happened. */
    synchronized void signalCompleted(long value, long cuEvent) {
        for (int i = 0; i < n; i++) {
            if (events[i] == cuEvent && values[i] == value) {
                raise(value);
                device.events().give(cuEvent);
                System.arraycopy(values, i + 1, values, i, n - i - 1);
                System.arraycopy(events, i + 1, events, i, n - i - 1);
                n--;
                pendingCount = n;
                return;
            }
        }
    }

    /** Encode time: true when a signal of at least {@code value} has been committed (or already happened). */
    synchronized boolean committedAtLeast(long value) {
        if (completed >= value) {
            return true;
        }
        for (int i = 0; i < n; i++) {
            if (values[i] >= value) {
                return true;
            }
        }
        return false;
    }

    /** Commit time: makes {@code stream} wait for {@code value} (nothing if already reached). */
    synchronized void enqueueWait(long stream, long value) {
        refresh();
        if (completed >= value) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (values[i] >= value) {
                CudaDriver.check(CudaApi.cuStreamWaitEvent(stream, events[i], 0), "cuStreamWaitEvent(shared event #"
                        + id + " >= " + value + ")");
                return;
            }
        }
        throw notCommitted(value);
    }

    IllegalStateException notCommitted(long value) {
        return new IllegalStateException("encodeWaitForEvent(shared event #" + id + ", " + value + ") on CUDA: no "
                + "signal of that value has been committed yet (signalled " + completed + "). The CUDA backend waits "
                + "with cuStreamWaitEvent on the CUevent a committed signal recorded; commit the signal first");
    }

    @Override
    public void release() {
        synchronized (this) {
            if (released) {
                throw new IllegalStateException("shared event #" + id + " released twice");
            }
            released = true;
            for (int i = 0; i < n; i++) {
                device.events().give(events[i]);
            }
            n = 0;
            pendingCount = 0;
        }
        device.ledger().eventReleased();
    }

    @Override
    public String toString() {
        return "cuda shared event #" + id;
    }
}
