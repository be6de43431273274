package org.mpsharness.backend.cuda;

import static org.mpsharness.backend.cuda.CudaDriver.check;

import java.util.ArrayList;
import java.util.List;
import org.mpsharness.backend.common.EncodedOp;
import org.mpsharness.backend.common.QueuedCommandBuffer;
import org.mpsharness.core.device.DeviceException;
import org.mpsharness.core.device.SharedEvent;

/**
 * A command buffer on CUDA. CUDA has none: work starts when it is enqueued on a stream. So the work is recorded in
 * Java and enqueued at commit, in order, followed by a completion CUevent; the device's poller completes the buffer
 * when {@code cuEventQuery} on that event succeeds.
 *
 * <p>Mapping: fill → {@code cuMemsetD8Async}; verify → zero a result slot, launch {@code harness_verify}, copy the
 * slot into pinned host memory with {@code cuMemcpyDtoHAsync_v2} (all before the completion event, so the result is in
 * host memory when the event completes); compute → {@code harness_spin}; signal → {@code cuEventRecord} of a pooled
 * CUevent; wait → {@code cuStreamWaitEvent}. If a call fails, the rest of the buffer is not enqueued, the buffer
 * completes with ERROR naming the call, and its verifies fail.
 */
final class CudaCommandBuffer extends QueuedCommandBuffer {
    private final CudaQueue q;
    private final CudaDevice device;
    private long completion; // CUevent recorded after the work; 0 when none
    private int[] slots; // verify result slot per Verify op, -1 when the op did not get one
    private final List<Object[]> signals = new ArrayList<>(); // {CudaSharedEvent, value, cuEvent}

    CudaCommandBuffer(CudaQueue q) {
        super(q);
        this.q = q;
        this.device = q.device();
    }

    @Override
    protected void checkEvent(SharedEvent event) {
        if (!(event instanceof CudaSharedEvent) || ((CudaSharedEvent) event).device() != device) {
            throw new IllegalArgumentException(event + " is not a shared event of " + device.name());
        }
    }

    @Override
    protected boolean prepareWait(SharedEvent event, long value, List<EncodedOp> earlier) {
        CudaSharedEvent e = (CudaSharedEvent) event;
        if (e.signaledValue() >= value) {
            return false;
        }
        if (e.committedAtLeast(value)) {
            return true;
        }
        for (EncodedOp op : earlier) {
            if (op instanceof EncodedOp.Signal s && s.event() == event && s.value() >= value) {
                return true; // signalled earlier on this same stream: recorded first at commit
            }
        }
        throw e.notCommitted(value);
    }

    @Override
    protected void enqueueNative(List<EncodedOp> ops) {
        device.ensureContext();
        long stream = q.stream();
        slots = new int[ops.size()];
        java.util.Arrays.fill(slots, -1);
        try {
            for (int i = 0; i < ops.size(); i++) {
                enqueueOp(stream, ops.get(i), i);
            }
        } catch (RuntimeException e) {
            gpuError(e.getMessage());
        }
        try {
            completion = device.events().take();
            check(CudaApi.cuEventRecord(completion, stream), "cuEventRecord(completion)");
        } catch (DeviceException e) {
            if (completion != 0) {
                device.events().give(completion);
                completion = 0;
            }
            // without a completion marker nothing says when the enqueued work ends: wait for it here
            int rc = CudaApi.cuStreamSynchronize(stream);
            throw new DeviceException(e.getMessage() + (rc == 0 ? "" : "; " + CudaDriver.failure(rc,
                    "cuStreamSynchronize").getMessage()));
        }
    }

    private void enqueueOp(long stream, EncodedOp op, int index) {
        if (op instanceof EncodedOp.Fill f) {
            check(CudaApi.cuMemsetD8Async(f.buffer().address() + f.offset(), f.value() & 0xFF, f.length(), stream),
                    "cuMemsetD8Async");
        } else if (op instanceof EncodedOp.Verify v) {
            if (v.length() == 0) {
                return;
            }
            int slot = device.verifySlots().acquire();
            slots[index] = slot;
            long dev = device.verifySlots().devicePointer(slot);
            check(CudaApi.cuMemsetD8Async(dev, 0, VerifySlots.SLOT_BYTES, stream), "cuMemsetD8Async(slot)");
            device.kernels().launchVerify(stream, v.buffer().address() + v.offset(), v.length(), v.expected(), dev);
            check(CudaApi.cuMemcpyDtoHAsync_v2(device.verifySlots().hostPointer(slot), dev, VerifySlots.SLOT_BYTES,
                    stream), "cuMemcpyDtoHAsync_v2(slot)");
        } else if (op instanceof EncodedOp.Compute c) {
            device.kernels().launchSpin(stream, c.nanos());
        } else if (op instanceof EncodedOp.Signal s) {
            long ev = device.events().take();
            int rc = CudaApi.cuEventRecord(ev, stream);
            if (rc != CudaDriver.CUDA_SUCCESS) {
                device.events().give(ev);
                check(rc, "cuEventRecord(shared event)");
            }
            CudaSharedEvent e = (CudaSharedEvent) s.event();
            e.recorded(s.value(), ev);
            signals.add(new Object[] {e, s.value(), ev});
        } else if (op instanceof EncodedOp.Wait w) {
            ((CudaSharedEvent) w.event()).enqueueWait(stream, w.value());
        }
        // Dropped: nothing runs; the base class fails its check at completion
    }

    @Override
    protected boolean pollNative() {
        int rc = CudaApi.cuEventQuery(completion);
        if (rc == CudaDriver.CUDA_ERROR_NOT_READY) {
            return false;
        }
        if (rc != CudaDriver.CUDA_SUCCESS) {
            gpuError(CudaDriver.failure(rc, "cuEventQuery(completion)").getMessage());
        }
        return true;
    }

    @Override
    protected void deliverResults(List<EncodedOp> ops) {
        boolean ok = error() == null;
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof EncodedOp.Verify v) {
                int slot = slots == null ? -1 : slots[i];
                if (slot >= 0) {
                    if (ok) {
                        long[] r = device.verifySlots().read(slot);
                        long bad = r[0];
                        long key = ~r[1];
                        v.result().report(bad, bad > 0 ? v.offset() + (key >>> 8) : -1, bad > 0 ? (int) (key & 0xFF)
                                : -1);
                    }
                    device.verifySlots().release(slot);
                } else if (ok && v.length() == 0) {
                    v.result().report(0, -1, -1);
                }
            }
        }
        for (Object[] s : signals) {
            ((CudaSharedEvent) s[0]).signalCompleted((Long) s[1], (Long) s[2]);
        }
    }

    @Override
    protected void nativeWait() {
        device.ensureContext();
        CudaApi.cuEventSynchronize(completion);
    }

    @Override
    protected void finishNative() {
        if (completion != 0) {
            device.events().give(completion);
        }
    }
}
