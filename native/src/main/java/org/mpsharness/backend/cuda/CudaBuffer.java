package org.mpsharness.backend.cuda;

import org.mpsharness.backend.common.TrackedBuffer;
import org.mpsharness.core.device.DeviceHeap;

/** A range of a {@link CudaHeap}: its address is the device pointer, unique among live buffers. */
final class CudaBuffer extends TrackedBuffer {
    private final CudaHeap heap;
    private final long offset;
    private final long length;

    CudaBuffer(CudaHeap heap, long offset, long length) {
        this.heap = heap;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public long address() {
        return heap.base() + offset;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public DeviceHeap heap() {
        return heap;
    }

    /** Offset inside the heap's region. */
    long offset() {
        return offset;
    }

    CudaHeap cudaHeap() {
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
        return "cuda buffer 0x" + Long.toHexString(address()) + "[heap#" + heap.id() + " +" + offset + " len "
                + length + "]";
    }
}
