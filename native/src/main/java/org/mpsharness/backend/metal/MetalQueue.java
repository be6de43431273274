package org.mpsharness.backend.metal;

import org.mpsharness.backend.common.BackendQueue;
import org.mpsharness.backend.common.QueuedCommandBuffer;
import org.mpsharness.core.device.DeviceException;
import org.mpsharness.core.device.StreamCreationException;

/**
 * An owned {@code MTLCommandQueue}, plus the private scratch buffer its {@code compute} work fills. The scratch is
 * created on first use, untracked (its bytes are never read, so no queue should wait for another's fill of it) and
 * released with the queue; command buffers still in flight retain it, as Metal retains what encoded work uses.
 */
final class MetalQueue extends BackendQueue {
    private final MetalDevice device;
    private final long handle;
    private long scratch; // guarded by this
    private long scratchLength; // guarded by this

    private MetalQueue(MetalDevice device, String label, long handle) {
        super(device.core(), label);
        this.device = device;
        this.handle = handle;
    }

    /** Sends {@code newCommandQueue}; nil becomes a {@link StreamCreationException} and nothing exists. */
    static MetalQueue create(MetalDevice device, String label) {
        long pool = MetalRuntime.push();
        try {
            long q = ObjC.msgSend(device.handle(), device.runtime().sel.newCommandQueue);
            if (q == 0) {
                throw new StreamCreationException("newCommandQueue returned nil for queue '" + label + "'");
            }
            MetalQueue mq = new MetalQueue(device, label, q);
            mq.registered();
            return mq;
        } finally {
            MetalRuntime.pop(pool);
        }
    }

    long handle() {
        return handle;
    }

    MetalDevice device() {
        return device;
    }

    /** The compute scratch buffer (call inside a pool, on the committing thread). */
    synchronized long scratch() {
        if (scratch == 0) {
            long len = device.scratchBytes();
            long b = ObjC.msgSend(device.handle(), device.runtime().sel.newBufferWithLengthOptions, len,
                    MetalRuntime.storageMode(org.mpsharness.core.device.StorageMode.PRIVATE) << 4
                            | MetalRuntime.OPTION_HAZARD_UNTRACKED);
            if (b == 0) {
                throw new DeviceException("newBufferWithLength:options: returned nil for the " + len
                        + "-byte compute scratch of queue '" + label() + "'");
            }
            scratch = b;
            scratchLength = len;
        }
        return scratch;
    }

    synchronized long scratchLength() {
        return scratchLength;
    }

    @Override
    protected QueuedCommandBuffer newCommandBuffer() {
        return new MetalCommandBuffer(this);
    }

    @Override
    protected void destroyNative() {
        long pool = MetalRuntime.push();
        try {
            synchronized (this) {
                if (scratch != 0) {
                    ObjC.msgSendVoid(scratch, device.runtime().sel.release);
                    scratch = 0;
                }
            }
            ObjC.msgSendVoid(handle, device.runtime().sel.release);
        } finally {
            MetalRuntime.pop(pool);
        }
    }
}
