package org.mpsharness.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

/** The CUDA contract on a real GPU through the system libcuda; skipped, with the reason, on machines without one. */
class CudaGpuTest extends CudaContract {
    private static String unavailable;

    @BeforeAll
    static void probe() {
        unavailable = CudaDevice.unavailableReason(0, CudaDriver.DEFAULT_LIBRARY);
        if (unavailable != null) {
            System.out.println("CudaGpuTest skipped: " + unavailable);
        }
    }

    @Override
    protected CudaDevice openDevice() {
        // per test, so that every test is reported as skipped with the reason (a class-level skip reports nothing)
        assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        return CudaDevice.open(0, CudaDriver.DEFAULT_LIBRARY);
    }

    @Override
    protected long freeMemorySlack() {
        return 4L << 20; // the driver's own bookkeeping and other processes may move free memory a little
    }
}
