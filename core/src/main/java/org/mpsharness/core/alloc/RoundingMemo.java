package org.mpsharness.core.alloc;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.device.StorageMode;

/**
 * A memo of the device's rounding of request sizes (get_allocation_size), read on every malloc: a direct-mapped table
 * of immutable (size, rounded) entries, no boxing, no lock, no shared write on a hit.
 *
 * <p>Why not a {@code ConcurrentHashMap<Long, Long>}: on the GPU host that map cost a boxed {@code Long} per malloc
 * (74% of the bytes allocated by the benchmark) and 7% of CPU in {@code get} alone (scripts/gpu-run.sh profile,
 * 2026-11-30). A collision only evicts: a miss asks the device again, which is correct, only slower; the table never
 * grows (the native port: a fixed array of 1,024 slots per storage mode).
 *
 * <p>An entry is published whole: a release store of the reference after its fields are written, an acquire load
 * before they are read. C++: {@code std::atomic<Entry*>} with {@code memory_order_release} / {@code
 * memory_order_acquire}; replaced entries are kept alive by the port's epoch or leaked (at most one per slot).
 */
final class RoundingMemo {
    private static final int SLOTS = 1024;

    private record Entry(long size, long rounded) {
    }

    private final AtomicReferenceArray<Entry> table = new AtomicReferenceArray<>(SLOTS);

    /** The rounded size of {@code size} in {@code mode}: from the table, or asked of {@code device} (then kept). */
    long get(long size, Device device, StorageMode mode) {
        int i = slot(size);
        Entry e = table.getAcquire(i); // C++: load(memory_order_acquire)
        if (e != null && e.size == size) {
            return e.rounded;
        }
        long rounded = device.heapBufferSizeAndAlign(size, mode).alignedSize();
        table.setRelease(i, new Entry(size, rounded)); // C++: store(memory_order_release)
        return rounded;
    }

    /** Fibonacci hashing: request sizes are multiples of small powers of two, their low bits alone would collide. */
    private static int slot(long size) {
        return (int) ((size * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(SLOTS)));
    }
}
