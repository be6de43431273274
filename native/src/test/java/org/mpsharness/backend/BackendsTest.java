package org.mpsharness.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import com.sun.jna.NativeLibrary;
import org.junit.jupiter.api.Test;
import org.mpsharness.backend.common.BackendUnavailableException;
import org.mpsharness.backend.metal.MetalDevice;
import org.mpsharness.backend.testsupport.FakeLibs;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.sim.SimDevice;

class BackendsTest {

    private static boolean realCudaDriver() {
        try {
            NativeLibrary.getInstance("cuda");
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }

    @Test
    void simIsAlwaysThere() {
        assertThat(Backends.available("sim")).isTrue();
        try (Device d = Backends.open("sim", Map.of("capacityBytes", "1073741824"))) {
            assertThat(d).isInstanceOf(SimDevice.class);
            assertThat(d.memoryInfo().total()).isEqualTo(1L << 30);
        }
    }

    @Test
    void cudaWithoutADriverSaysSoInOneLine() {
        assumeTrue(!realCudaDriver(), "skipped: this machine has a CUDA driver");
        assertThat(Backends.available("cuda")).isFalse();
        String reason = Backends.unavailableReason("cuda", Map.of());
        assertThat(reason).isEqualTo("cuda backend unavailable: libcuda.so not found (no NVIDIA driver on this "
                + "machine)");
        assertThatThrownBy(() -> Backends.open("cuda", Map.of())).isInstanceOf(BackendUnavailableException.class)
                .hasMessage(reason);
    }

    @Test
    void cudaWithAMissingLibraryNamesIt() {
        String reason = Backends.unavailableReason("cuda", Map.of("lib", "/nonexistent/libcuda.so.1"));
        assertThat(reason).isEqualTo("cuda backend unavailable: /nonexistent/libcuda.so.1 not found (no NVIDIA "
                + "driver on this machine)").doesNotContain("\n");
    }

    @Test
    void metalOffMacWithoutAStandInSaysSoInOneLine() {
        assumeTrue(!System.getProperty("os.name").toLowerCase().contains("mac"), "skipped: this is a Mac");
        assumeTrue(System.getProperty("harness.metal.objcLib") == null
                        && System.getenv("HARNESS_METAL_OBJC_LIB") == null,
                "skipped: a stand-in Objective-C runtime is configured for the whole JVM");
        String reason = Backends.unavailableReason("metal", Map.of());
        assertThat(reason).startsWith("metal backend unavailable: not macOS (os.name=")
                .contains("-Dharness.metal.objcLib=").doesNotContain("\n");
        assertThatThrownBy(() -> Backends.open("metal", Map.of())).isInstanceOf(BackendUnavailableException.class)
                .hasMessage(reason);
    }

    @Test
    void metalOverTheStandInRuntimeOpens() {
        Path lib = FakeLibs.build("fake_objc");
        Map<String, String> opts = Map.of("objcLib", lib.toString());
        assertThat(Backends.available("metal", opts)).isTrue();
        try (Device d = Backends.open("metal", opts)) {
            assertThat(d).isInstanceOf(MetalDevice.class);
            assertThat(d.name()).isEqualTo("metal");
        }
    }

    @Test
    void unknownNamesAndOptionsAreRejected() {
        assertThatThrownBy(() -> Backends.open("vulkan", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown backend 'vulkan' (sim, cuda, metal)");
        assertThatThrownBy(() -> Backends.open("cuda", Map.of("ordinal", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option 'ordinal'");
        assertThatThrownBy(() -> Backends.open("sim", Map.of("capacityBytes", "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacityBytes");
    }

    /** The native backends are found by the core's device registry, so checks below this module reach the GPU. */
    @Test
    void nativeBackendsAreProvidersForCoreDevices() {
        assertThat(org.mpsharness.core.devices.Devices.backends()).contains("sim", "cuda", "metal");
        if (!Backends.available("cuda")) {
            assertThatThrownBy(() -> org.mpsharness.core.devices.Devices.open("cuda"))
                    .isInstanceOf(BackendUnavailableException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> org.mpsharness.core.devices.Devices.open("vulkan"))
                .hasMessageContaining("unknown backend 'vulkan'");
    }
}
