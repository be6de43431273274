package org.mpsharness.backend;

import java.util.Map;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.device.DeviceProvider;

/**
 * The native backends as {@link DeviceProvider}s (registered in META-INF/services), so that checks in modules below
 * this one can run their workload on a GPU: {@code check --design X --backend cuda}.
 */
public final class NativeDeviceProviders {
    private NativeDeviceProviders() {
    }

    /** CUDA through the driver API ({@link Backends#open} with default options). */
    public static final class Cuda implements DeviceProvider {
        @Override
        public String backend() {
            return "cuda";
        }

        @Override
        public Device open() {
            return Backends.open("cuda", Map.of());
        }
    }

    /** Metal through the Objective-C runtime (macOS, or the stand-in runtime named by its property). */
    public static final class Metal implements DeviceProvider {
        @Override
        public String backend() {
            return "metal";
        }

        @Override
        public Device open() {
            return Backends.open("metal", Map.of());
        }
    }
}
