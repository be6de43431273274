package org.mpsharness.core.alloc;

/**
 * The MPS allocator's size policy (MPSAllocator.h constants, createHeapBlock, get_pool), as pure functions so that
 * both designs, the specification and the tests agree on it.
 */
public final class AllocSizes {
    public static final long KiB = 1L << 10;
    public static final long MiB = 1L << 20;
    public static final long GiB = 1L << 30;

    /** Largest "small" allocation. */
    public static final long MAX_SMALL_ALLOC = MiB;
    /** Allocations between 1 and 10 MiB may use 32 MiB heaps. */
    public static final long MIN_LARGE_ALLOC = 10 * MiB;
    /** Large allocations round up to 2 MiB when they get a heap of their own. */
    public static final long ROUND_LARGE = 2 * MiB;
    /** Small allocations are packed in 8 MiB heaps. */
    public static final long SMALL_HEAP = 8 * MiB;
    /** Large allocations may be packed in 32 MiB heaps; also the oversize slack of buffer reuse. */
    public static final long LARGE_HEAP = 32 * MiB;
    /** Largest scalar allocation. */
    public static final long MAX_SCALAR_ALLOC = 8;

    private AllocSizes() {
    }

    /** Extra-large heap: 1 GiB on unified memory, 128 MiB on a discrete GPU. */
    public static long xlargeHeap(boolean unifiedMemory) {
        return unifiedMemory ? GiB : 128 * MiB;
    }

    /** {@code alignUp(size, align)} for a power-of-two alignment. */
    public static long alignUp(long size, long align) {
        return (size + align - 1) & ~(align - 1);
    }

    /** get_pool: which pool serves a request. */
    public static PoolKind poolFor(long requested, long aligned, Usage usage, boolean unifiedMemory) {
        if (usage == Usage.SCALAR) {
            return PoolKind.SCALAR;
        }
        if (requested <= MAX_SCALAR_ALLOC && unifiedMemory) {
            return PoolKind.SHARED_SMALL;
        }
        boolean shared = usage == Usage.SHARED;
        if (aligned <= MAX_SMALL_ALLOC) {
            return shared ? PoolKind.SHARED_SMALL : PoolKind.PRIVATE_SMALL;
        }
        return shared ? PoolKind.SHARED_LARGE : PoolKind.PRIVATE_LARGE;
    }

    /**
     * createHeapBlock: the heap for a buffer of {@code size} bytes. Returns the heap size; negative means "a dedicated
     * heap of that (absolute) size holding only this buffer" (not split).
     */
    public static long heapSizeFor(long size, boolean memoryPressure, boolean unifiedMemory) {
        if (size <= MAX_SMALL_ALLOC) {
            return SMALL_HEAP;
        }
        if (size < MIN_LARGE_ALLOC) {
            return LARGE_HEAP;
        }
        long xl = xlargeHeap(unifiedMemory);
        if (size < xl / 2 && !memoryPressure) {
            return xl;
        }
        return -alignUp(size, ROUND_LARGE);
    }
}
