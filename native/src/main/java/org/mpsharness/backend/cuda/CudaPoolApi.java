package org.mpsharness.backend.cuda;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * The driver's stream-ordered allocator (CUDA 11.2+): the device's default memory pool, {@code cuMemAllocAsync} and
 * {@code cuMemFreeAsync}. Bound by direct mapping like {@link CudaApi}, but in a class of its own and only when
 * {@link StreamOrderedPool} is opened, so that a driver (or the test stand-in) without these entry points still runs
 * the backend. Handles ({@code CUmemoryPool}, {@code CUstream}) and device pointers are {@code long}; the attribute
 * value is a {@code cuuint64_t} passed by pointer (a one-element array).
 */
final class CudaPoolApi {
    /** {@code CU_MEMPOOL_ATTR_RELEASE_THRESHOLD}: bytes the pool keeps reserved at a synchronization. */
    static final int CU_MEMPOOL_ATTR_RELEASE_THRESHOLD = 4;

    private CudaPoolApi() {
    }

    static void bind(NativeLibrary lib) {
        Native.register(CudaPoolApi.class, lib);
    }

    static native int cuDeviceGetDefaultMemPool(long[] pool, int device);

    static native int cuMemPoolSetAttribute(long pool, int attr, long[] value);

    static native int cuMemPoolGetAttribute(long pool, int attr, long[] value);

    static native int cuMemPoolTrimTo(long pool, long minBytesToKeep);

    static native int cuMemAllocAsync(long[] dptr, long bytes, long stream);

    static native int cuMemFreeAsync(long dptr, long stream);
}
