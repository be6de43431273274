package org.mpsharness.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

/** The CUDA contract on a real GPU through the system libcuda; skipped, with the reason, on machines without one. */
class CudaGpuTest extends CudaDeviceContract {
    private static String unavailable;

    @BeforeAll
    static void probe() {
        unavailable = CudaDevice.unavailableReason(0, CudaDriver.DEFAULT_LIBRARY);
        assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
    }

    @Override
    CudaDevice openDevice() {
        return CudaDevice.open(0, CudaDriver.DEFAULT_LIBRARY);
    }

    @Override
    long freeMemorySlack() {
        return 4L << 20; // the driver's own bookkeeping and other processes may move free memory a little
    }
}
