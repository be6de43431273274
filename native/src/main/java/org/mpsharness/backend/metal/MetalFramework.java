package org.mpsharness.backend.metal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/** The one C function of the Metal framework the backend needs. */
final class MetalFramework {
    private MetalFramework() {
    }

    static void bind(NativeLibrary lib) {
        Native.register(MetalFramework.class, lib);
    }

    /** The system's default GPU, owned by the caller (Create rule: send it {@code release}); nil without Metal. */
    static native long MTLCreateSystemDefaultDevice();
}
