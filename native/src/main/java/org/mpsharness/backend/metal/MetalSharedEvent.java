package org.mpsharness.backend.metal;

import org.mpsharness.core.device.SharedEvent;

/** An owned {@code MTLSharedEvent}: the counter lives in Metal; CPU waits poll {@code signaledValue}. */
final class MetalSharedEvent implements SharedEvent {
    private final MetalDevice device;
    private final long handle;
    private final long id;
    private boolean released; // guarded by this

    MetalSharedEvent(MetalDevice device, long handle, long id) {
        this.device = device;
        this.handle = handle;
        this.id = id;
    }

    long handle() {
        return handle;
    }

    MetalDevice device() {
        return device;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public long signaledValue() {
        long pool = MetalRuntime.push();
        try {
            return ObjC.msgSend(handle, device.runtime().sel.signaledValue);
        } finally {
            MetalRuntime.pop(pool);
        }
    }

    @Override
    public void release() {
        synchronized (this) {
            if (released) {
                throw new IllegalStateException("shared event #" + id + " released twice");
            }
            released = true;
        }
        long pool = MetalRuntime.push();
        try {
            ObjC.msgSendVoid(handle, device.runtime().sel.release); // command buffers that use it retain it
        } finally {
            MetalRuntime.pop(pool);
        }
        device.ledger().eventReleased();
    }

    @Override
    public String toString() {
        return "metal shared event #" + id;
    }
}
