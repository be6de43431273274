package org.mpsharness.backend.cuda;

import static org.mpsharness.backend.cuda.CudaDriver.check;

import java.util.Arrays;

/**
 * Recycled CUevents (created with {@code CU_EVENT_DISABLE_TIMING}, the cheapest kind): completion markers of command
 * buffers and the recorded points of shared-event signals. Creating an event costs a driver call; a workload records
 * thousands per second, so they are reused once the point they marked has been observed complete.
 */
final class CuEventPool {
    private static final int CU_EVENT_DISABLE_TIMING = 0x2;

    private final CudaDevice device;
    private long[] free = new long[64]; // guarded by this
    private int top; // guarded by this
    private long created; // guarded by this
    private long outstanding; // guarded by this

    CuEventPool(CudaDevice device) {
        this.device = device;
    }

    /** An event ready to be recorded (the caller's thread has the device's context current). */
    long take() {
        synchronized (this) {
            if (top > 0) {
                outstanding++;
                return free[--top];
            }
        }
        long[] ev = new long[1];
        check(CudaApi.cuEventCreate(ev, CU_EVENT_DISABLE_TIMING), "cuEventCreate");
        synchronized (this) {
            created++;
            outstanding++;
        }
        return ev[0];
    }

    /** Gives an event back. Re-recording it later is safe even if a stream still waits on its old record: a wait
     * captures the record current at the time of {@code cuStreamWaitEvent}. */
    synchronized void give(long event) {
        if (top == free.length) {
            free = Arrays.copyOf(free, top * 2);
        }
        free[top++] = event;
        outstanding--;
    }

    synchronized long outstanding() {
        return outstanding;
    }

    /** Destroys the pooled events (device close). Events still handed out are left to the context's release. */
    void destroyAll() {
        long[] events;
        synchronized (this) {
            events = Arrays.copyOf(free, top);
            top = 0;
        }
        for (long e : events) {
            int rc = CudaApi.cuEventDestroy_v2(e);
            if (rc != CudaDriver.CUDA_SUCCESS) {
                device.ledger().violation(CudaDriver.failure(rc, "cuEventDestroy_v2").getMessage());
            }
        }
    }
}
