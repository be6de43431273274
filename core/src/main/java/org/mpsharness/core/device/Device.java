package org.mpsharness.core.device;

import java.util.List;

/**
 * The GPU as the designs see it, shaped after Metal because the runtime being modelled is the MPS backend: command
 * queues (streams) with command buffers that are encoded, committed once and complete asynchronously and in order;
 * shared events as rising 64-bit counters; heaps carved into buffers.
 *
 * <p>Implementations: the simulated device (pure Java, the embedded default), CUDA through JNA (a queue is a
 * non-blocking CUstream, a heap one {@code cuMemAlloc_v2} region carved in Java, an event a rising counter over pooled
 * CUevents) and Metal through JNA and the Objective-C runtime.
 *
 * <p>Thread-safety: every method may be called from any thread; objects it returns are thread-safe unless their
 * documentation says otherwise (a {@link CommandBuffer} is encoded by one thread at a time, under its stream's mutex).
 */
public interface Device extends AutoCloseable {

    String name();

    /** True on Apple silicon (shared CPU/GPU memory); decides MPS's low-watermark default and scalar pool choice. */
    boolean hasUnifiedMemory();

    /** Metal's {@code recommendedMaxWorkingSetSize}: the base of the allocator's watermarks. */
    long recommendedMaxWorkingSetSize();

    /** Largest single buffer the device accepts. */
    long maxBufferLength();

    /** Size and alignment a buffer of {@code length} bytes takes inside a heap of the given storage mode. */
    SizeAndAlign heapBufferSizeAndAlign(long length, StorageMode mode);

    /**
     * A new command queue (stream). Costly on real devices (cuStreamCreate ≈ 52 µs), which is why the pool creates
     * each slot's stream once.
     *
     * @throws StreamCreationException when the device refuses (also by fault injection)
     */
    CommandQueue newCommandQueue(String label);

    /**
     * A heap of exactly {@code size} bytes, or {@code null} when the device cannot back it (Metal returns nil; CUDA's
     * out-of-memory error is turned into null). Any other failure throws {@link DeviceException}.
     */
    DeviceHeap newHeap(long size, StorageMode mode);

    /** A shared event: a counter that GPU work raises and the CPU or another queue can wait on. */
    SharedEvent newSharedEvent();

    /** Bytes of device memory currently held through this device object (live heaps). */
    long currentAllocatedSize();

    /** Device-wide memory figures, as cuMemGetInfo reports them (free may include other processes' use). */
    MemoryInfo memoryInfo();

    /** Live objects created through this device and not yet released: the leak check's evidence. */
    ResourceCounts liveResources();

    /**
     * Misuse the device itself detected (use after release, command-buffer errors, failing completion handlers): the
     * first texts. Empty for a backend that detects none.
     */
    default List<String> violations() {
        return List.of();
    }

    /** How many violations the device detected (texts may be capped). */
    default long violationCount() {
        return violations().size();
    }

    /** Releases the device; objects still alive are reported by {@link #liveResources()} first. */
    @Override
    void close();

    /** Free and total device memory in bytes. */
    record MemoryInfo(long free, long total) {
    }

    /** Counts of live device objects. All zero after a clean shutdown. */
    record ResourceCounts(long queues, long heaps, long buffers, long events, long uncompletedCommandBuffers,
                          long heapBytes) {
        public boolean isZero() {
            return queues == 0 && heaps == 0 && buffers == 0 && events == 0 && uncompletedCommandBuffers == 0
                    && heapBytes == 0;
        }

        /** Same as {@link #isZero()} but ignoring queues, which a pool keeps for its lifetime. */
        public boolean noMemoryLeak() {
            return heaps == 0 && buffers == 0 && uncompletedCommandBuffers == 0 && heapBytes == 0;
        }
    }
}
