package org.mpsharness.backend;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mpsharness.backend.cuda.CudaDevice;
import org.mpsharness.backend.cuda.CudaDriver;
import org.mpsharness.backend.metal.MetalDevice;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.sim.SimConfig;
import org.mpsharness.core.sim.SimDevice;

/**
 * Opens a device by backend name, so that tools choose the GPU with a flag and get one clear line when it is not
 * there.
 *
 * <table>
 * <caption>Backends and their options</caption>
 * <tr><th>name</th><th>device</th><th>options</th></tr>
 * <tr><td>{@code sim}</td><td>the simulated device (core)</td><td>{@code capacityBytes} (device memory)</td></tr>
 * <tr><td>{@code cuda}</td><td>{@link CudaDevice}, CUDA driver API</td><td>{@code device} (GPU ordinal, 0),
 *     {@code lib} (driver library name or path; default the system property {@value #CUDA_LIB_PROPERTY}, else
 *     {@code cuda})</td></tr>
 * <tr><td>{@code metal}</td><td>{@link MetalDevice}, Metal via the Objective-C runtime</td><td>{@code objcLib}
 *     (path of a stand-in runtime; default the system property {@code harness.metal.objcLib} or the environment
 *     variable {@code HARNESS_METAL_OBJC_LIB}; on macOS none is needed), {@code fillBytesPerNano}</td></tr>
 * </table>
 *
 * <p>Unknown names and options are rejected (a typo must not silently select a default).
 */
public final class Backends {
    public static final List<String> NAMES = List.of("sim", "cuda", "metal");
    public static final String CUDA_LIB_PROPERTY = "harness.cuda.lib";

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "sim", Set.of("capacityBytes"),
            "cuda", Set.of("device", "lib"),
            "metal", Set.of("objcLib", "fillBytesPerNano"));

    private Backends() {
    }

    /**
     * Opens the named backend's device.
     *
     * @throws BackendUnavailableException when the backend cannot run here (the message is one line)
     * @throws IllegalArgumentException   for an unknown backend or option, or a malformed option value
     */
    public static Device open(String name, Map<String, String> options) {
        Map<String, String> opts = checked(name, options);
        switch (name) {
            case "sim":
                return openSim(opts);
            case "cuda":
                return CudaDevice.open(ordinal(opts), cudaLibrary(opts));
            case "metal":
                return MetalDevice.open(opts);
            default:
                throw new AssertionError(name);
        }
    }

    /** True when {@link #open} would find the backend's driver and device. */
    public static boolean available(String name) {
        return unavailableReason(name, Map.of()) == null;
    }

    public static boolean available(String name, Map<String, String> options) {
        return unavailableReason(name, options) == null;
    }

    /** Null when the backend can be opened with these options, else the one-line reason why not. */
    public static String unavailableReason(String name, Map<String, String> options) {
        Map<String, String> opts = checked(name, options);
        switch (name) {
            case "sim":
                return null;
            case "cuda":
                return CudaDevice.unavailableReason(ordinal(opts), cudaLibrary(opts));
            case "metal":
                return MetalDevice.unavailableReason(opts);
            default:
                throw new AssertionError(name);
        }
    }

    private static Map<String, String> checked(String name, Map<String, String> options) {
        Set<String> known = OPTIONS.get(name);
        if (known == null) {
            throw new IllegalArgumentException("unknown backend '" + name + "' (" + String.join(", ", NAMES) + ")");
        }
        Map<String, String> opts = options == null ? Map.of() : new LinkedHashMap<>(options);
        for (String k : opts.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown option '" + k + "' for backend " + name + " (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        return opts;
    }

    private static Device openSim(Map<String, String> opts) {
        SimConfig cfg = SimConfig.defaults();
        String cap = opts.get("capacityBytes");
        if (cap != null) {
            cfg = cfg.withCapacity(parseLong("capacityBytes", cap));
        }
        return new SimDevice(cfg);
    }

    private static int ordinal(Map<String, String> opts) {
        String d = opts.get("device");
        return d == null ? 0 : (int) parseLong("device", d);
    }

    private static String cudaLibrary(Map<String, String> opts) {
        String lib = opts.get("lib");
        if (lib == null || lib.isBlank()) {
            lib = System.getProperty(CUDA_LIB_PROPERTY);
        }
        return lib == null || lib.isBlank() ? CudaDriver.DEFAULT_LIBRARY : lib;
    }

    private static long parseLong(String key, String value) {
        try {
            long v = Long.parseLong(value.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + key + " must be a non-negative whole number: " + value);
        }
    }
}
