package org.mpsharness.backend.metal;

import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.device.HeapLifecycle;
import org.mpsharness.core.device.StorageMode;

/**
 * An owned {@code MTLHeap}. Metal places buffers itself ({@code newBufferWithLength:options:} returns nil when the
 * heap is full) and reports {@code maxAvailableSizeWithAlignment:}; this class adds the device interface's lifecycle:
 * the heap object is released once the client released it and its last buffer is gone ({@link HeapLifecycle}).
 */
final class MetalHeap implements DeviceHeap {
    private final MetalDevice device;
    private final MetalRuntime rt;
    private final long handle;
    private final long id;
    private final long size;
    private final StorageMode mode;
    private final long alignment;
    private final HeapLifecycle life;

    MetalHeap(MetalDevice device, long handle, long id, long size, StorageMode mode) {
        this.device = device;
        this.rt = device.runtime();
        this.handle = handle;
        this.id = id;
        this.size = size;
        this.mode = mode;
        this.alignment = device.heapBufferSizeAndAlign(1, mode).align();
        this.life = new HeapLifecycle("metal heap #" + id);
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public StorageMode storageMode() {
        return mode;
    }

    @Override
    public long maxAvailableSize() {
        long pool = MetalRuntime.push();
        try {
            return ObjC.msgSend(handle, rt.sel.maxAvailableSizeWithAlignment, alignment);
        } finally {
            MetalRuntime.pop(pool);
        }
    }

    @Override
    public DeviceBuffer newBuffer(long length) {
        if (length <= 0) {
            throw new IllegalArgumentException("length " + length);
        }
        long buffer;
        long pool = MetalRuntime.push();
        try {
            synchronized (life) { // Metal heaps are not documented as safe for concurrent allocation
                life.checkOpen();
                // whole 4-byte words, so that blits of the buffer's tail stay legal on macOS (see MetalCommandBuffer)
                buffer = ObjC.msgSend(handle, rt.sel.newBufferWithLengthOptions, MetalCommandBuffer.words(length),
                        MetalRuntime.bufferOptions(mode));
                if (buffer == 0) {
                    return null;
                }
                life.bufferCreated();
            }
        } finally {
            MetalRuntime.pop(pool);
        }
        device.ledger().bufferCreated();
        return new MetalBuffer(this, buffer, length);
    }

    @Override
    public int bufferCount() {
        return life.clientBuffers();
    }

    @Override
    public void release() {
        boolean giveBack = life.release();
        device.ledger().heapReleased();
        if (giveBack) {
            releaseHeapObject();
        }
    }

    void clientReleased() {
        life.clientReleased();
    }

    void bufferGone(MetalBuffer b) {
        boolean giveBack;
        long pool = MetalRuntime.push();
        try {
            synchronized (life) {
                ObjC.msgSendVoid(b.handle(), rt.sel.release);
                giveBack = life.bufferGone();
            }
        } finally {
            MetalRuntime.pop(pool);
        }
        device.ledger().bufferDestroyed();
        if (giveBack) {
            releaseHeapObject();
        }
    }

    private void releaseHeapObject() {
        long pool = MetalRuntime.push();
        try {
            ObjC.msgSendVoid(handle, rt.sel.release);
        } finally {
            MetalRuntime.pop(pool);
        }
        device.ledger().heapBytesReturned(size);
    }

    @Override
    public String toString() {
        return "metal heap #" + id + " (" + size + " B, " + mode + ")";
    }
}
