package org.mpsharness.backend.cuda;

import org.mpsharness.backend.common.BackendQueue;
import org.mpsharness.backend.common.QueuedCommandBuffer;
import org.mpsharness.core.device.StreamCreationException;

/**
 * A command queue on CUDA: one non-blocking stream ({@code CU_STREAM_NON_BLOCKING}: it does not serialize behind the
 * legacy NULL stream, as Metal queues do not serialize behind each other).
 */
final class CudaQueue extends BackendQueue {
    static final int CU_STREAM_NON_BLOCKING = 0x1;

    private final CudaDevice device;
    private final long stream;

    private CudaQueue(CudaDevice device, String label, long stream) {
        super(device.core(), label);
        this.device = device;
        this.stream = stream;
    }

    /** Creates the stream; nothing exists (nothing leaks) when this throws. */
    static CudaQueue create(CudaDevice device, String label) {
        long[] s = new long[1];
        int rc = CudaApi.cuStreamCreate(s, CU_STREAM_NON_BLOCKING);
        if (rc != CudaDriver.CUDA_SUCCESS) {
            throw new StreamCreationException("cuStreamCreate failed for queue '" + label + "': "
                    + CudaDriver.errorName(rc) + " (" + rc + ")");
        }
        CudaQueue q = new CudaQueue(device, label, s[0]);
        q.registered();
        return q;
    }

    long stream() {
        return stream;
    }

    CudaDevice device() {
        return device;
    }

    @Override
    protected QueuedCommandBuffer newCommandBuffer() {
        return new CudaCommandBuffer(this);
    }

    @Override
    protected void destroyNative() {
        device.ensureContext();
        int rc = CudaApi.cuStreamDestroy_v2(stream);
        if (rc != CudaDriver.CUDA_SUCCESS) {
            device.ledger().violation(CudaDriver.failure(rc, "cuStreamDestroy_v2('" + label() + "')").getMessage());
        }
    }
}
