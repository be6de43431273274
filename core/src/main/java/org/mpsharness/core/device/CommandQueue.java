package org.mpsharness.core.device;

/**
 * A queue of command buffers that the device runs asynchronously and in commit order ({@code MTLCommandQueue}, a
 * non-blocking {@code CUstream}).
 */
public interface CommandQueue {

    String label();

    /** A fresh, uncommitted command buffer on this queue. */
    CommandBuffer commandBuffer();

    /** Command buffers committed on this queue and not yet completed. */
    int uncompletedCount();

    /** Releases the queue. Streams of the pool are never released while the pool lives (invariant 6). */
    void release();
}
