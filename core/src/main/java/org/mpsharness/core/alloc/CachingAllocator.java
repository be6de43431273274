package org.mpsharness.core.alloc;

import java.util.List;

/**
 * Improvement 1: the MPS caching allocator (MPSHeapAllocatorImpl), named after the native entry points so that a port
 * is mechanical. The stream of a malloc is the calling thread's current stream of the pool the allocator serves.
 */
public interface CachingAllocator extends AutoCloseable {

    /** "baseline", "improved" or a variant's name. */
    String design();

    /**
     * A buffer of at least {@code size} bytes from the pool that {@code usage} and the size select. Walks the
     * out-of-memory ladder before giving up.
     *
     * @throws MpsOutOfMemoryException when even freeing every cached buffer does not make room
     * @throws IllegalArgumentException for a size of 0 or above the device's maximum buffer length
     */
    BufferBlock malloc(long size, Usage usage);

    /** Returns a buffer; a double free, or a free of a buffer this allocator does not know, throws. */
    void free(BufferBlock block);

    /**
     * Declares that work encoded so far on {@code stream} uses these buffers: an event is recorded there for each
     * buffer not allocated on it, and the buffer is not reused until the events completed. True if any was recorded.
     */
    boolean recordEvents(List<BufferBlock> blocks, org.mpsharness.core.stream.MpsStream stream);

    /** Releases every cached buffer and empty heap back to the device. */
    void emptyCache();

    /** Moves buffers whose events completed back into their pools. */
    void freeInactiveBuffers();

    /** Returns the calling thread's cached buffers to the shared pools (no-op without thread caches). */
    void flushThreadCache();

    /** MB of headroom below the low watermark (Long.MAX_VALUE when disabled). */
    long getLowWatermarkValue();

    void setHighWatermarkRatio(double ratio);

    void setLowWatermarkRatio(double ratio);

    /** Bytes in use by callers. */
    long getCurrentAllocatedMemory();

    /** Bytes of heaps held. */
    long getTotalAllocatedMemory();

    AllocatorStats stats();

    /** Empties the cache and releases the event pool; buffers still in use are reported by {@link #stats()}. */
    @Override
    void close();
}
