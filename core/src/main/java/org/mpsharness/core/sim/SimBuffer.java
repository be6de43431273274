package org.mpsharness.core.sim;

import java.util.concurrent.atomic.AtomicInteger;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;

/**
 * A range of a simulated heap. Retained once by its client and once per uncompleted command buffer that encoded work
 * on it; its range returns to the heap when the count reaches zero, as an MTLBuffer's memory does.
 */
final class SimBuffer implements DeviceBuffer {
    private final SimHeap heap;
    private final long address;
    private final long offset;
    private final long length;
    /** Client reference plus GPU references; the range is freed exactly when it reaches zero. */
    private final AtomicInteger retains = new AtomicInteger(1);
    private volatile boolean released;

    SimBuffer(SimHeap heap, long address, long offset, long length) {
        this.heap = heap;
        this.address = address;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public long address() {
        return address;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public DeviceHeap heap() {
        return heap;
    }

    long offset() {
        return offset;
    }

    SimHeap simHeap() {
        return heap;
    }

    @Override
    public int retainCount() {
        return retains.get();
    }

    @Override
    public boolean isReleased() {
        return released;
    }

    /** A command buffer starts using this buffer. */
    void retainForGpu() {
        retains.incrementAndGet();
    }

    /** A command buffer that used it completed. */
    void releaseFromGpu() {
        if (retains.decrementAndGet() == 0) {
            heap.bufferGone(this);
        }
    }

    @Override
    public void release() {
        synchronized (this) {
            if (released) {
                throw new IllegalStateException("buffer @" + address + " released twice");
            }
            released = true;
        }
        heap.clientReleased(this);
        if (retains.decrementAndGet() == 0) {
            heap.bufferGone(this);
        }
    }

    @Override
    public String toString() {
        return "buffer@" + address + "[heap#" + heap.id() + " +" + offset + " len " + length + "]";
    }
}
