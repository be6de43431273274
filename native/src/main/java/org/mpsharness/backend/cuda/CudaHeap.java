package org.mpsharness.backend.cuda;

import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.device.HeapLifecycle;
import org.mpsharness.core.device.RangeAllocator;
import org.mpsharness.core.device.StorageMode;

/**
 * A heap on CUDA: one {@code cuMemAlloc_v2} region, carved into buffers by core's {@link RangeAllocator} at the
 * 512-byte granularity of {@link CudaDevice#heapBufferSizeAndAlign}. Its memory is freed with {@code cuMemFree_v2}
 * once the heap was released and no buffer of it is retained by uncompleted work ({@link HeapLifecycle}).
 *
 * <p>Storage modes: both SHARED and PRIVATE heaps are device memory; the harness never maps heap memory on the host
 * (results come back through the verify kernel), so host visibility would only cost PCIe bandwidth.
 */
final class CudaHeap implements DeviceHeap {
    private final CudaDevice device;
    private final long id;
    private final long base;
    private final long size;
    private final StorageMode mode;
    private final RangeAllocator placement;
    private final HeapLifecycle life;

    CudaHeap(CudaDevice device, long id, long base, long size, StorageMode mode) {
        this.device = device;
        this.id = id;
        this.base = base;
        this.size = size;
        this.mode = mode;
        this.placement = new RangeAllocator(size, CudaDevice.GRANULE);
        this.life = new HeapLifecycle("cuda heap #" + id);
    }

    long base() {
        return base;
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
        long off;
        synchronized (life) {
            life.checkOpen();
            off = placement.allocate(length);
            if (off < 0) {
                return null;
            }
            life.bufferCreated();
        }
        device.ledger().bufferCreated();
        return new CudaBuffer(this, off, length);
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
            freeMemory();
        }
    }

    void clientReleased() {
        life.clientReleased();
    }

    void bufferGone(CudaBuffer b) {
        boolean giveBack;
        synchronized (life) {
            placement.free(b.offset(), b.length());
            giveBack = life.bufferGone();
        }
        device.ledger().bufferDestroyed();
        if (giveBack) {
            freeMemory();
        }
    }

    private void freeMemory() {
        device.ensureContext();
        int rc = CudaApi.cuMemFree_v2(base);
        device.ledger().heapBytesReturned(size);
        if (rc != CudaDriver.CUDA_SUCCESS) {
            device.ledger().violation(CudaDriver.failure(rc, "cuMemFree_v2(heap #" + id + ")").getMessage());
        }
    }

    @Override
    public String toString() {
        return "cuda heap #" + id + " (" + size + " B at 0x" + Long.toHexString(base) + ")";
    }
}
