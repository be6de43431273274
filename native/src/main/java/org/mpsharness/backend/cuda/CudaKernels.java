package org.mpsharness.backend.cuda;

import static org.mpsharness.backend.cuda.CudaDriver.check;

import com.sun.jna.Memory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The backend's kernels: {@code harness_verify} (count bytes differing from a value, and the first one) and
 * {@code harness_spin} (busy for N ns on the GPU timer), loaded from the shipped PTX with {@code cuModuleLoadData}
 * (the driver JIT-compiles it for the GPU at hand) and launched with {@code cuLaunchKernel}.
 *
 * <p>Kernel arguments travel as {@code void** kernelParams}: an array of pointers to the argument values. The driver
 * copies the values at launch, so one small native scratch area per launching thread serves every launch without
 * allocation.
 */
final class CudaKernels {
    static final String PTX_RESOURCE = "harness_kernels.ptx";
    static final int VERIFY_THREADS = 256;
    static final int VERIFY_MAX_BLOCKS = 1024;

    /** 4 argument slots of 8 bytes at 0..31, the pointer table at 64..95. */
    private static final ThreadLocal<Memory> ARGS = ThreadLocal.withInitial(() -> {
        Memory m = new Memory(128);
        long base = com.sun.jna.Pointer.nativeValue(m);
        for (int i = 0; i < 4; i++) {
            m.setLong(64 + 8L * i, base + 8L * i);
        }
        return m;
    });

    private final long module;
    private final long verify;
    private final long spin;

    private CudaKernels(long module, long verify, long spin) {
        this.module = module;
        this.verify = verify;
        this.spin = spin;
    }

    /** Loads the module (context current); unloads it again if a kernel is missing. */
    static CudaKernels load() {
        byte[] ptx = ptxImage();
        long[] mod = new long[1];
        check(CudaApi.cuModuleLoadData(mod, ptx), "cuModuleLoadData(" + PTX_RESOURCE + ")");
        try {
            return new CudaKernels(mod[0], function(mod[0], "harness_verify"), function(mod[0], "harness_spin"));
        } catch (RuntimeException e) {
            CudaApi.cuModuleUnload(mod[0]);
            throw e;
        }
    }

    /** The PTX text with its terminating NUL (cuModuleLoadData reads a C string). */
    static byte[] ptxImage() {
        try (InputStream in = CudaKernels.class.getResourceAsStream(PTX_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + PTX_RESOURCE + " missing from the native jar");
            }
            byte[] text = in.readAllBytes();
            return Arrays.copyOf(text, text.length + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long function(long module, String name) {
        long[] f = new long[1];
        check(CudaApi.cuModuleGetFunction(f, module, name), "cuModuleGetFunction(" + name + ")");
        return f[0];
    }

    /** Enqueues a check of {@code length} bytes at {@code devicePtr} against {@code expected} into {@code slot}. */
    void launchVerify(long stream, long devicePtr, long length, byte expected, long slot) {
        Memory a = ARGS.get();
        a.setLong(0, devicePtr);
        a.setLong(8, length);
        a.setInt(16, expected & 0xFF);
        a.setLong(24, slot);
        long words = (length + 15) / 16;
        int blocks = (int) Math.max(1, Math.min(VERIFY_MAX_BLOCKS, (words + VERIFY_THREADS - 1) / VERIFY_THREADS));
        check(CudaApi.cuLaunchKernel(verify, blocks, 1, 1, VERIFY_THREADS, 1, 1, 0, stream,
                com.sun.jna.Pointer.nativeValue(a) + 64, 0), "cuLaunchKernel(harness_verify)");
    }

    /** Enqueues about {@code nanos} of busy GPU time on {@code stream}. */
    void launchSpin(long stream, long nanos) {
        Memory a = ARGS.get();
        a.setLong(0, nanos);
        check(CudaApi.cuLaunchKernel(spin, 1, 1, 1, 1, 1, 1, 0, stream, com.sun.jna.Pointer.nativeValue(a) + 64, 0),
                "cuLaunchKernel(harness_spin)");
    }

    /** Returns the CUresult of {@code cuModuleUnload}. */
    int unload() {
        return CudaApi.cuModuleUnload(module);
    }
}
