package org.mpsharness.core.device;

/**
 * What the device says a buffer of a given length costs inside a heap: Metal's
 * {@code heapBufferSizeAndAlignWithLength:options:}. The allocator rounds every request with it, as MPS does.
 */
public record SizeAndAlign(long size, long align) {
    public SizeAndAlign {
        if (size <= 0 || align <= 0 || Long.bitCount(align) != 1) {
            throw new IllegalArgumentException("size " + size + " / align " + align + " (align must be a power of two)");
        }
    }

    /** The request rounded as MPS does: {@code alignUp(size, align)}. */
    public long alignedSize() {
        return (size + align - 1) & ~(align - 1);
    }
}
