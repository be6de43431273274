package org.mpsharness.backend.metal;

import com.sun.jna.Structure;

/** {@code MTLSizeAndAlign} ({@code NSUInteger size, align}), returned by value by
 * {@code heapBufferSizeAndAlignWithLength:options:} (in x0:x1 on arm64, rax:rdx on x86-64). */
@Structure.FieldOrder({"size", "align"})
public class MTLSizeAndAlign extends Structure {
    public long size;
    public long align;

    public static class ByValue extends MTLSizeAndAlign implements Structure.ByValue {
    }
}
