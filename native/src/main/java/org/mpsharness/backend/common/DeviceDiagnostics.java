package org.mpsharness.backend.common;

import org.mpsharness.core.device.Device;

/**
 * What a native device reports beyond the device interface: the hardware it runs on. (Misuse it detected — use after
 * release, failed GPU work, failing completion handlers — is reported through {@link Device#violations()}, which the
 * run checks fold into every run, on every backend.)
 */
public interface DeviceDiagnostics extends Device {

    /** The GPU's own name, e.g. {@code NVIDIA H100 80GB HBM3}. */
    String gpuName();
}
