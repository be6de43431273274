package org.mpsharness.core.device;

/**
 * A region of device memory that buffers are carved from ({@code MTLHeap}). Placement is the heap's business, as it
 * is Metal's: the allocator only asks for a buffer of a length and is told "no room" with null.
 */
public interface DeviceHeap {

    long id();

    long size();

    StorageMode storageMode();

    /** Largest buffer that fits now ({@code maxAvailableSizeWithAlignment:}). Space of buffers still retained by the
     * GPU is not available yet. */
    long maxAvailableSize();

    /** A buffer of {@code length} bytes, or null when the heap has no room. */
    DeviceBuffer newBuffer(long length);

    /** Buffers carved from this heap and not yet released by the client. */
    int bufferCount();

    /** Releases the heap. Its memory returns to the device once no buffer of it is retained by the GPU. */
    void release();
}
