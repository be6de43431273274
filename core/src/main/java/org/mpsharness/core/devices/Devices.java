package org.mpsharness.core.devices;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.device.DeviceProvider;
import org.mpsharness.core.sim.SimDevice;

/**
 * Opens a device by backend name: {@code sim} (the simulated device, always there) or any backend a
 * {@link DeviceProvider} on the class path offers.
 */
public final class Devices {
    /** The simulated device's backend name. */
    public static final String SIM = "sim";
    /** System property naming the backend a check runs its workload on (default {@value #SIM}). */
    public static final String BACKEND_PROPERTY = "harness.backend";

    private Devices() {
    }

    /** Backends that can be named: sim first, then the providers on the class path. */
    public static List<String> backends() {
        List<String> out = new ArrayList<>(List.of(SIM));
        for (DeviceProvider p : ServiceLoader.load(DeviceProvider.class)) {
            out.add(p.backend());
        }
        return out;
    }

    /**
     * A fresh device of the named backend.
     *
     * @throws IllegalArgumentException for a name no backend answers to
     */
    public static Device open(String backend) {
        if (SIM.equals(backend)) {
            return new SimDevice();
        }
        for (DeviceProvider p : ServiceLoader.load(DeviceProvider.class)) {
            if (p.backend().equals(backend)) {
                return p.open();
            }
        }
        throw new IllegalArgumentException("unknown backend '" + backend + "' (backends here: "
                + String.join(", ", backends()) + ")");
    }

    /** The device a check runs on: the backend named by {@value #BACKEND_PROPERTY}, else the simulated one. */
    public static Device forChecks() {
        return open(System.getProperty(BACKEND_PROPERTY, SIM));
    }
}
