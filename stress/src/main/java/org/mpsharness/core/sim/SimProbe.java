package org.mpsharness.core.sim;

import org.mpsharness.core.device.DeviceBuffer;

/**
 * Test-side accessor (stress module) into the simulated device's package: the byte range a buffer occupies in its
 * heap, which the device interface does not expose. Lives in core's package on the class path (a split package, no
 * module system), so that production code needs no seam for tests.
 */
public final class SimProbe {
    private SimProbe() {
    }

    /** True when both buffers are simulated, of one heap, and their byte ranges intersect. */
    public static boolean overlap(DeviceBuffer a, DeviceBuffer b) {
        if (!(a instanceof SimBuffer) || !(b instanceof SimBuffer) || a.heap() != b.heap()) {
            return false;
        }
        long a0 = ((SimBuffer) a).offset();
        long b0 = ((SimBuffer) b).offset();
        return a0 < b0 + b.length() && b0 < a0 + a.length();
    }
}
