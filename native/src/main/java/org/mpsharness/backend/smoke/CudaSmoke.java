package org.mpsharness.backend.smoke;

import java.util.ArrayList;
import java.util.List;
import org.mpsharness.backend.cuda.CudaDevice;
import org.mpsharness.core.device.CommandBuffer;
import org.mpsharness.core.device.CommandQueue;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.device.PatternCheck;
import org.mpsharness.core.device.StorageMode;

/**
 * The CUDA backend's smoke test for a GPU host with a JRE and the jars (no Maven): the standard self-checks, a
 * verify-kernel check against bytes written from the host, then the workload on both designs, as a table.
 *
 * <pre>
 * java -cp harness-native.jar:harness-core.jar:jna-5.19.1.jar org.mpsharness.backend.smoke.CudaSmoke
 *      [--threads 4,16] [--steps 300] [--gpu-nanos 20000] [--option device=0] [--option lib=/path/libcuda.so.1]
 * </pre>
 * Exit status 0 when everything passed, 1 when something failed, 2 when there is no usable GPU.
 */
public final class CudaSmoke {
    private CudaSmoke() {
    }

    public static void main(String[] args) {
        List<String> all = new ArrayList<>(List.of("--backend", "cuda"));
        all.addAll(List.of(args));
        System.exit(Smoke.run(all.toArray(new String[0]),
                List.of(new SelfCheck.Named("verify kernel vs host-written bytes", CudaSmoke::hostCorruption)),
                System.out));
    }

    /** Bytes changed with cuMemcpyHtoD_v2 behind the backend's back must be found, at the right offset. */
    private static String hostCorruption(org.mpsharness.core.device.Device d) {
        CudaDevice dev = (CudaDevice) d;
        DeviceHeap heap = dev.newHeap(8L << 20, StorageMode.PRIVATE);
        CommandQueue q = dev.newCommandQueue("smoke-corrupt");
        DeviceBuffer b = heap.newBuffer((5L << 20) + 3);
        try {
            CommandBuffer fill = q.commandBuffer();
            fill.fill(b, 0, b.length(), (byte) 0x33);
            fill.commit();
            fill.waitUntilCompleted();
            dev.write(b, 4_000_001, new byte[] {(byte) 0x99});
            dev.write(b, b.length() - 1, new byte[] {(byte) 0x98});
            PatternCheck pc = new PatternCheck();
            CommandBuffer cb = q.commandBuffer();
            cb.verify(b, 0, b.length(), (byte) 0x33, pc);
            cb.commit();
            cb.waitUntilCompleted();
            if (pc.mismatches() != 2 || pc.firstBadOffset() != 4_000_001 || pc.firstBadValue() != 0x99) {
                throw new IllegalStateException("verify saw " + pc.mismatches() + " bad bytes, first at "
                        + pc.firstBadOffset() + " = 0x" + Integer.toHexString(pc.firstBadValue()));
            }
            return "2 of 2 host-written bytes found, first at 4000001 = 0x99";
        } finally {
            b.release();
            heap.release();
            q.release();
        }
    }
}
