package org.mpsharness.backend.cuda;

import static org.mpsharness.backend.cuda.CudaDriver.check;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;

/**
 * Result slots of the verify kernel: 16 bytes of device memory per in-flight verify (mismatch count, complement of
 * the first bad key) and a pinned host mirror that an asynchronous copy fills before the command buffer's completion
 * event, so the poller reads the result with a plain memory load when the event completes.
 *
 * <p>Slots come in chunks of 4096 (one {@code cuMemAlloc_v2} and one {@code cuMemAllocHost_v2} each, made at device
 * open and whenever all are in flight) and are recycled at completion, so the hot path never allocates driver memory.
 */
final class VerifySlots {
    static final int SLOT_BYTES = 16;
    static final int PER_CHUNK = 4096;

    private final List<long[]> chunks = new ArrayList<>(); // {device base, host base}; guarded by this
    private final List<Pointer> hosts = new ArrayList<>(); // guarded by this
    private int[] free = new int[0]; // guarded by this
    private int top; // guarded by this

    /** Allocates the first chunk; throws (leaving nothing allocated) when the device refuses. */
    VerifySlots() {
        grow();
    }

    synchronized int acquire() {
        if (top == 0) {
            grow();
        }
        return free[--top];
    }

    synchronized void release(int slot) {
        free[top++] = slot;
    }

    synchronized long devicePointer(int slot) {
        return chunks.get(slot / PER_CHUNK)[0] + (long) (slot % PER_CHUNK) * SLOT_BYTES;
    }

    synchronized long hostPointer(int slot) {
        return chunks.get(slot / PER_CHUNK)[1] + (long) (slot % PER_CHUNK) * SLOT_BYTES;
    }

    /** {mismatches, complement of the first bad key} as the last copy left them. */
    long[] read(int slot) {
        Pointer p;
        synchronized (this) {
            p = hosts.get(slot / PER_CHUNK);
        }
        long at = (long) (slot % PER_CHUNK) * SLOT_BYTES;
        return new long[] {p.getLong(at), p.getLong(at + 8)};
    }

    private void grow() {
        long bytes = (long) PER_CHUNK * SLOT_BYTES;
        long[] dev = new long[1];
        check(CudaApi.cuMemAlloc_v2(dev, bytes), "cuMemAlloc_v2(verify slots)");
        long[] host = new long[1];
        int rc = CudaApi.cuMemAllocHost_v2(host, bytes);
        if (rc != CudaDriver.CUDA_SUCCESS) {
            CudaApi.cuMemFree_v2(dev[0]);
            check(rc, "cuMemAllocHost_v2(verify slots)");
        }
        int base = chunks.size() * PER_CHUNK;
        chunks.add(new long[] {dev[0], host[0]});
        hosts.add(new Pointer(host[0]));
        int[] grown = new int[free.length + PER_CHUNK];
        System.arraycopy(free, 0, grown, 0, top);
        for (int i = PER_CHUNK - 1; i >= 0; i--) {
            grown[top++] = base + i;
        }
        free = grown;
    }

    /** Frees every chunk (device close; all slots must be back). Returns the first failing CUresult, or 0. */
    synchronized int close() {
        int first = CudaDriver.CUDA_SUCCESS;
        for (long[] c : chunks) {
            int a = CudaApi.cuMemFree_v2(c[0]);
            int b = CudaApi.cuMemFreeHost(c[1]);
            first = first != 0 ? first : a != 0 ? a : b;
        }
        chunks.clear();
        hosts.clear();
        top = 0;
        return first;
    }
}
