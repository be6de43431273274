package org.mpsharness.backend.metal;

import com.sun.jna.Structure;

/** {@code NSRange} ({@code NSUInteger location, length}), passed by value to {@code fillBuffer:range:value:}. */
@Structure.FieldOrder({"location", "length"})
public class NSRange extends Structure {
    public long location;
    public long length;

    /** The by-value flavour JNA passes in registers (two integer registers on x86-64 and arm64). */
    public static class ByValue extends NSRange implements Structure.ByValue {
    }
}
