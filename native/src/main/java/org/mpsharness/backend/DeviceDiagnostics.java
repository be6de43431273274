package org.mpsharness.backend;

import java.util.List;

/**
 * What a native device reports beyond the device interface: misuse it detected (use after release, failed GPU work,
 * failing completion handlers — the simulated device's "violations") and the hardware it runs on. Core's run checks
 * fold in only the simulated device's reports, so tools and tests read these to hold native runs to the same bar.
 */
public interface DeviceDiagnostics {

    long violationCount();

    /** The first violation texts (at most 100). */
    List<String> violations();

    /** The GPU's own name, e.g. {@code NVIDIA H100 80GB HBM3}. */
    String gpuName();
}
