package org.mpsharness.backend.metal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.mpsharness.backend.testsupport.DeviceContract;

/**
 * The device contract on real Metal, through the system Objective-C runtime and Metal framework: runs only on a Mac
 * (and only when no stand-in runtime is configured for the JVM); skipped, with the reason, everywhere else. It has
 * never run: no Mac was available when the backend was written (see docs/native.md).
 */
class MetalMacTest extends DeviceContract<MetalDevice> {
    private static String unavailable;

    @BeforeAll
    static void probe() {
        unavailable = MetalRuntime.isMac() && MetalRuntime.configuredLibrary(Map.of()) == null
                ? MetalDevice.unavailableReason(Map.of())
                : "metal backend on real hardware needs macOS with no stand-in runtime configured (os.name="
                        + System.getProperty("os.name") + ")";
        if (unavailable != null) {
            System.out.println("MetalMacTest skipped: " + unavailable);
        }
    }

    @Override
    protected MetalDevice openDevice() {
        assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        return MetalDevice.open(Map.of());
    }

    @Override
    protected long freeMemorySlack() {
        return 64L << 20; // currentAllocatedSize counts every Metal allocation of the process, not just the heaps
    }
}
