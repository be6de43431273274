package org.mpsharness.backend.cuda;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The CUDA driver API entry points the backend uses, bound by JNA direct mapping ({@link Native#register}) for the
 * lowest call overhead (≈0.1–0.4 µs per call against 0.4–1.1 µs for interface mapping, measured on the H100 host).
 *
 * <p>Names are the exported symbols, spelled out: where {@code cuda.h} {@code #define}s a function to a versioned
 * symbol ({@code cuMemAlloc} → {@code cuMemAlloc_v2}) the Java method carries the {@code _v2} name, because libcuda
 * still exports the legacy unversioned symbols with 32-bit sizes and binding by the short name would silently pick
 * them. Handles ({@code CUcontext}, {@code CUstream}, {@code CUevent}, {@code CUmodule}, {@code CUfunction}) and
 * device pointers are {@code long}; out-parameters are one-element arrays (direct mapping copies them back).
 * Every function returns a {@code CUresult}; {@link CudaDriver#check} turns non-zero into an exception.
 *
 * <p>Bound once per JVM by {@link CudaDriver}; calling any method before that throws {@link UnsatisfiedLinkError}.
 */
final class CudaApi {
    private CudaApi() {
    }

    static void bind(NativeLibrary lib) {
        Native.register(CudaApi.class, lib);
    }

    // initialization, devices, contexts
    static native int cuInit(int flags);

    static native int cuDriverGetVersion(int[] version);

    static native int cuDeviceGet(int[] device, int ordinal);

    static native int cuDeviceGetName(byte[] name, int len, int device);

    static native int cuDeviceTotalMem_v2(long[] bytes, int device);

    static native int cuDevicePrimaryCtxRetain(long[] ctx, int device);

    static native int cuDevicePrimaryCtxRelease_v2(int device);

    static native int cuCtxSetCurrent(long ctx);

    static native int cuCtxSynchronize();

    static native int cuGetErrorName(int error, long[] namePtr);

    // memory
    static native int cuMemGetInfo_v2(long[] free, long[] total);

    static native int cuMemAlloc_v2(long[] dptr, long bytes);

    static native int cuMemFree_v2(long dptr);

    static native int cuMemAllocHost_v2(long[] hostPtr, long bytes);

    static native int cuMemFreeHost(long hostPtr);

    static native int cuMemcpyHtoD_v2(long dst, byte[] src, long bytes);

    static native int cuMemcpyDtoH_v2(byte[] dst, long src, long bytes);

    static native int cuMemcpyDtoHAsync_v2(long dstHost, long src, long bytes, long stream);

    /** {@code unsigned char value} travels as an {@code int} in 0..255, zero-extended as the C ABI expects (a Java
     * {@code byte} would be sign-extended for values above 0x7F). */
    static native int cuMemsetD8Async(long dst, int value, long count, long stream);

    // streams and events
    static native int cuStreamCreate(long[] stream, int flags);

    static native int cuStreamDestroy_v2(long stream);

    static native int cuStreamSynchronize(long stream);

    static native int cuStreamWaitEvent(long stream, long event, int flags);

    static native int cuEventCreate(long[] event, int flags);

    static native int cuEventDestroy_v2(long event);

    static native int cuEventRecord(long event, long stream);

    static native int cuEventQuery(long event);

    static native int cuEventSynchronize(long event);

    // modules and kernels
    static native int cuModuleLoadData(long[] module, byte[] image);

    static native int cuModuleUnload(long module);

    static native int cuModuleGetFunction(long[] function, long module, String name);

    static native int cuLaunchKernel(long function, int gridX, int gridY, int gridZ, int blockX, int blockY,
                                     int blockZ, int sharedMemBytes, long stream, long kernelParams, long extra);
}
