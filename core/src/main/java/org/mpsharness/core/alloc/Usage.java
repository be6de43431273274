package org.mpsharness.core.alloc;

/** What a caller asks memory for (MPS UsageFlags, reduced to what selects a pool). */
public enum Usage {
    /** GPU-only memory (MTLStorageModePrivate). */
    PRIVATE,
    /** Host-visible memory (MTLStorageModeShared). */
    SHARED,
    /** Small host-visible buffers that import CPU scalars into GPU work. */
    SCALAR
}
