package org.mpsharness.core.sim;

import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;
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
    private final RangeAllocator placement;
    private final LazyMemory memory;
    private int clientBuffers; // guarded by this: buffers not yet released by the client
    private int liveBuffers; // guarded by this: buffers whose range is still taken
    private boolean released; // guarded by this
    private boolean returned; // guarded by this: bytes given back to the device

    SimHeap(SimDevice device, long id, long size, StorageMode mode, long alignment) {
        this.device = device;
        this.id = id;
        this.size = size;
        this.mode = mode;
        this.placement = new RangeAllocator(size, alignment);
        this.memory = new LazyMemory(size);
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
        synchronized (this) {
            if (released) {
                throw new IllegalStateException("newBuffer on released heap #" + id);
            }
            long off = placement.allocate(length);
            if (off < 0) {
                return null;
            }
            clientBuffers++;
            liveBuffers++;
            SimBuffer b = new SimBuffer(this, device.nextAddress(), off, length);
            device.bufferCreated();
            return b;
        }
    }

    @Override
    public synchronized int bufferCount() {
        return clientBuffers;
    }

    @Override
    public void release() {
        boolean giveBack;
        synchronized (this) {
            if (released) {
                throw new IllegalStateException("heap #" + id + " released twice");
            }
            released = true;
            giveBack = liveBuffers == 0 && !returned;
            returned |= giveBack;
        }
        device.heapReleased(this, giveBack);
    }

    synchronized void clientReleased(SimBuffer b) {
        clientBuffers--;
    }

    /** The buffer's last reference is gone: its range is free, and maybe the whole heap. */
    void bufferGone(SimBuffer b) {
        boolean giveBack;
        synchronized (this) {
            placement.free(b.offset(), b.length());
            liveBuffers--;
            giveBack = released && liveBuffers == 0 && !returned;
            returned |= giveBack;
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
