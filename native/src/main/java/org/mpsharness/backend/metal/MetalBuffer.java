package org.mpsharness.backend.metal;

import org.mpsharness.backend.common.TrackedBuffer;
import org.mpsharness.core.device.DeviceHeap;

/**
 * An {@code MTLBuffer} carved from a {@link MetalHeap}, owned (it came from {@code newBufferWithLength:options:}).
 * Its address is the object pointer, which is what MPS orders its free buffers by; the {@code release} message is
 * sent when the client has released it and no uncompleted command buffer uses it, so Metal can reuse the range.
 */
final class MetalBuffer extends TrackedBuffer {
    private final MetalHeap heap;
    private final long handle;
    private final long length;

    MetalBuffer(MetalHeap heap, long handle, long length) {
        this.heap = heap;
        this.handle = handle;
        this.length = length;
    }

    long handle() {
        return handle;
    }

    @Override
    public long address() {
        return handle;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public DeviceHeap heap() {
        return heap;
    }

    @Override
    protected void clientReleased() {
        heap.clientReleased();
    }

    @Override
    protected void gone() {
        heap.bufferGone(this);
    }

    @Override
    public String toString() {
        return "metal buffer 0x" + Long.toHexString(handle) + "[heap#" + heap.id() + " len " + length + "]";
    }
}
