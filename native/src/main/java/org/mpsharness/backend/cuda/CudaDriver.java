package org.mpsharness.backend.cuda;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mpsharness.backend.common.BackendUnavailableException;
import org.mpsharness.core.device.DeviceException;

/**
 * Loading of the CUDA driver library, error names, and the per-thread current context.
 *
 * <p>Binding is once per JVM (direct mapping registers the natives of {@link CudaApi} against one library), so the
 * first successful {@link #bind} decides: the system library {@code cuda} on a GPU host, or a stand-in named by path
 * in tests. Failures are remembered per library and reported as one line.
 *
 * <p>Contexts: the backend uses the device's primary context, and every thread must make it current before its first
 * driver call (else {@code CUDA_ERROR_INVALID_CONTEXT}). {@link #makeCurrent} does that once per thread and device
 * object: a thread-local pair (context, device epoch) makes the check one thread-local read on the hot path.
 */
public final class CudaDriver {
    public static final int CUDA_SUCCESS = 0;
    public static final int CUDA_ERROR_OUT_OF_MEMORY = 2;
    public static final int CUDA_ERROR_STUB_LIBRARY = 34;
    public static final int CUDA_ERROR_NO_DEVICE = 100;
    public static final int CUDA_ERROR_INVALID_DEVICE = 101;
    public static final int CUDA_ERROR_NOT_READY = 600;

    /** The default driver library (libcuda.so on Linux). */
    public static final String DEFAULT_LIBRARY = "cuda";

    private static String bound; // guarded by CudaDriver.class
    private static boolean poisoned; // a registration failed half-way: no other library may be bound
    private static int initResult = Integer.MIN_VALUE;
    private static final Map<String, String> FAILURES = new HashMap<>(); // guarded by CudaDriver.class
    private static final Map<Integer, String> NAMES = new ConcurrentHashMap<>();
    private static final ThreadLocal<long[]> CURRENT = ThreadLocal.withInitial(() -> new long[2]);

    private CudaDriver() {
    }

    /**
     * Binds {@code library} (a name such as {@code cuda}, or a path) and runs {@code cuInit(0)}.
     *
     * @throws BackendUnavailableException with a one-line reason when the library, an entry point or a device is
     *                                     missing, or another library is already bound in this JVM
     */
    public static synchronized void bind(String library) {
        String failure = FAILURES.get(library);
        if (failure != null) {
            throw new BackendUnavailableException(failure);
        }
        if (bound != null) {
            if (!bound.equals(library)) {
                try {
                    NativeLibrary.getInstance(library);
                } catch (UnsatisfiedLinkError e) {
                    throw fail(library, notFound(library));
                }
                throw new BackendUnavailableException("cuda backend unavailable: the driver API is already bound to "
                        + bound + " in this JVM (asked for " + library + ")");
            }
            requireInit();
            return;
        }
        if (poisoned) {
            throw new BackendUnavailableException("cuda backend unavailable: an earlier driver binding failed half-way"
                    + " in this JVM");
        }
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance(library);
        } catch (UnsatisfiedLinkError e) {
            throw fail(library, notFound(library));
        }
        try {
            CudaApi.bind(lib);
        } catch (UnsatisfiedLinkError e) {
            poisoned = true;
            throw fail(library, "cuda backend unavailable: " + library + " lacks a driver entry point: "
                    + BackendUnavailableException.oneLine(e.getMessage()));
        }
        bound = library;
        initResult = CudaApi.cuInit(0);
        requireInit();
    }

    /** The library bound in this JVM, or null. */
    public static synchronized String boundLibrary() {
        return bound;
    }

    private static void requireInit() {
        if (initResult != CUDA_SUCCESS) {
            throw new BackendUnavailableException("cuda backend unavailable: cuInit failed: " + errorName(initResult)
                    + hint(initResult));
        }
    }

    private static BackendUnavailableException fail(String library, String reason) {
        FAILURES.put(library, reason);
        return new BackendUnavailableException(reason);
    }

    private static String notFound(String library) {
        return "cuda backend unavailable: " + describe(library) + " not found (no NVIDIA driver on this machine)";
    }

    private static String describe(String library) {
        return library.indexOf('/') >= 0 ? library : System.mapLibraryName(library);
    }

    private static String hint(int rc) {
        switch (rc) {
            case CUDA_ERROR_NO_DEVICE:
                return " (no CUDA-capable GPU visible)";
            case CUDA_ERROR_STUB_LIBRARY:
                return " (this libcuda is the toolkit's stub, not a driver)";
            case 35:
                return " (the driver is older than this CUDA runtime)";
            default:
                return "";
        }
    }

    /** {@code CUDA_ERROR_…} name of a result (cached), or {@code CUresult n} when the driver does not know it. */
    public static String errorName(int rc) {
        String n = NAMES.get(rc);
        if (n != null) {
            return n;
        }
        long[] p = new long[1];
        int r;
        try {
            r = CudaApi.cuGetErrorName(rc, p);
        } catch (UnsatisfiedLinkError e) {
            return "CUresult " + rc;
        }
        n = r == CUDA_SUCCESS && p[0] != 0 ? new Pointer(p[0]).getString(0) : "CUresult " + rc;
        NAMES.put(rc, n);
        return n;
    }

    /** Throws a {@link DeviceException} naming the call and the driver's error when {@code rc} is not success. */
    public static void check(int rc, String call) {
        if (rc != CUDA_SUCCESS) {
            throw failure(rc, call);
        }
    }

    public static DeviceException failure(int rc, String call) {
        return new DeviceException(call + " failed: " + errorName(rc) + " (" + rc + ")");
    }

    /**
     * Makes {@code ctx} current on the calling thread unless this thread already did it for the device object with
     * {@code epoch} (a fresh device object after a close gets a new epoch, so a stale binding is never trusted).
     */
    static void makeCurrent(long ctx, long epoch) {
        long[] cur = CURRENT.get();
        if (cur[0] != ctx || cur[1] != epoch) {
            check(CudaApi.cuCtxSetCurrent(ctx), "cuCtxSetCurrent");
            cur[0] = ctx;
            cur[1] = epoch;
        }
    }
}
