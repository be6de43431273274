package org.mpsharness.core.sim;

import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.device.HeapLifecycle;
import org.mpsharness.core.device.RangeAllocator;
import org.mpsharness.core.device.StorageMode;

/**
 * A simulated {@code MTLHeap}: lazily backed bytes and a placement allocator. Its memory goes back to the device when
 * it has been released and no buffer of it is retained any more.
 */
final class SimHeap implements DeviceHeap {
    private final SimDevice device;
    private final long id;
    private final long size;
    private final StorageMode mode;
    /** First address of the heap's range: a buffer's address is base + offset, as a GPU virtual address is. */
    private final long base;
    private final RangeAllocator placement;
    private final LazyMemory memory;
    /** When the bytes go back to the device; its monitor also guards {@link #placement}. */
    private final HeapLifecycle life;

    SimHeap(SimDevice device, long id, long size, StorageMode mode, long alignment) {
        this.device = device;
        this.id = id;
        this.size = size;
        this.mode = mode;
        this.base = device.reserveAddresses(size);
        this.placement = new RangeAllocator(size, alignment);
        this.memory = new LazyMemory(size);
        this.life = new HeapLifecycle("heap #" + id);
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
        return placement.maxAvailable();
    }

    @Override
    public DeviceBuffer newBuffer(long length) {
        synchronized (life) {
            life.checkOpen();
            long off = placement.allocate(length);
            if (off < 0) {
                return null;
            }
            life.bufferCreated();
            SimBuffer b = new SimBuffer(this, base + off, off, length);
            device.bufferCreated();
            return b;
        }
    }

    @Override
    public int bufferCount() {
        return life.clientBuffers();
    }

    @Override
    public void release() {
        device.heapReleased(this, life.release());
    }

    void clientReleased(SimBuffer b) {
        life.clientReleased();
    }

    /** The buffer's last reference is gone: its range is free, and maybe the whole heap. */
    void bufferGone(SimBuffer b) {
        boolean giveBack;
        synchronized (life) {
            placement.free(b.offset(), b.length());
            giveBack = life.bufferGone();
        }
        device.bufferDestroyed();
        if (giveBack) {
            device.heapBytesReturned(size);
        }
    }

    LazyMemory memory() {
        return memory;
    }
}
