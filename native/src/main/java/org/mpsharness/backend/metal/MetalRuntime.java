package org.mpsharness.backend.metal;

import com.sun.jna.FunctionMapper;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.HashMap;
import java.util.Map;
import org.mpsharness.backend.common.BackendUnavailableException;
import org.mpsharness.core.device.StorageMode;

/**
 * Binding of the Objective-C runtime and the Metal framework, once per JVM, plus the Objective-C idioms the backend
 * needs: autorelease pools and a few conversions.
 *
 * <p>Which library: on macOS the system's {@code objc} and the {@code Metal} framework. Elsewhere only a stand-in
 * runtime can be used, named by path with the option {@code objcLib}, the system property
 * {@value #OBJC_LIB_PROPERTY} or the environment variable {@value #OBJC_LIB_ENV}; it must export the same symbols
 * (objc_getClass, sel_registerName, objc_msgSend, objc_autoreleasePoolPush/Pop, MTLCreateSystemDefaultDevice). The
 * backend's calls are the same either way; only the library differs.
 */
public final class MetalRuntime {
    public static final String OBJC_LIB_PROPERTY = "harness.metal.objcLib";
    public static final String OBJC_LIB_ENV = "HARNESS_METAL_OBJC_LIB";

    /** MTLCommandBufferStatus. */
    static final long STATUS_COMPLETED = 4;
    static final long STATUS_ERROR = 5;
    /** MTLHazardTrackingModeTracked (heap descriptors) and its resource-option bits. */
    static final long HAZARD_TRACKED = 2;
    static final long OPTION_HAZARD_TRACKED = HAZARD_TRACKED << 8;
    /** MTLResourceHazardTrackingModeUntracked: the compute scratch buffer, whose bytes nobody reads. */
    static final long OPTION_HAZARD_UNTRACKED = 1L << 8;

    private static final FunctionMapper MSG_SEND = (lib, method) ->
            method.getName().startsWith("msgSend") ? "objc_msgSend" : method.getName();

    private static MetalRuntime instance; // guarded by MetalRuntime.class
    private static String boundTo; // guarded by MetalRuntime.class
    private static boolean poisoned; // guarded by MetalRuntime.class
    private static final Map<String, String> FAILURES = new HashMap<>(); // guarded by MetalRuntime.class

    final Selectors sel;
    final long heapDescriptorClass;

    private MetalRuntime() {
        this.sel = new Selectors();
        this.heapDescriptorClass = ObjC.objc_getClass("MTLHeapDescriptor");
    }

    /** The stand-in runtime configured by option, system property or environment, or null for the system's. */
    public static String configuredLibrary(Map<String, String> options) {
        String lib = options == null ? null : options.get("objcLib");
        if (lib == null || lib.isBlank()) {
            lib = System.getProperty(OBJC_LIB_PROPERTY);
        }
        if (lib == null || lib.isBlank()) {
            lib = System.getenv(OBJC_LIB_ENV);
        }
        return lib == null || lib.isBlank() ? null : lib;
    }

    static boolean isMac() {
        return System.getProperty("os.name", "").toLowerCase().contains("mac");
    }

    /**
     * Binds the runtime: {@code objcLib} (a path) or, when null, the system's objc and Metal on macOS.
     *
     * @throws BackendUnavailableException with a one-line reason
     */
    static synchronized MetalRuntime bind(String objcLib) {
        String key = objcLib == null ? "the system Objective-C runtime" : objcLib;
        String failed = FAILURES.get(key);
        if (failed != null) {
            throw new BackendUnavailableException(failed);
        }
        if (objcLib == null && !isMac()) {
            throw fail(key, "metal backend unavailable: not macOS (os.name=" + System.getProperty("os.name")
                    + ") and no stand-in Objective-C runtime configured (-D" + OBJC_LIB_PROPERTY + "=<path>)");
        }
        if (instance != null) {
            if (!boundTo.equals(key)) {
                throw new BackendUnavailableException("metal backend unavailable: the Objective-C runtime is already "
                        + "bound to " + boundTo + " in this JVM (asked for " + key + ")");
            }
            return instance;
        }
        if (poisoned) {
            throw new BackendUnavailableException("metal backend unavailable: an earlier runtime binding failed "
                    + "half-way in this JVM");
        }
        Map<String, Object> options = Map.of(Library.OPTION_FUNCTION_MAPPER, MSG_SEND);
        NativeLibrary objc;
        NativeLibrary metal;
        try {
            objc = NativeLibrary.getInstance(objcLib == null ? "objc" : objcLib, options);
            metal = objcLib == null ? NativeLibrary.getInstance("Metal") : objc;
        } catch (UnsatisfiedLinkError e) {
            throw fail(key, "metal backend unavailable: cannot load " + key + ": "
                    + BackendUnavailableException.oneLine(e.getMessage()));
        }
        try {
            ObjC.bind(objc);
            MetalFramework.bind(metal);
        } catch (UnsatisfiedLinkError e) {
            poisoned = true;
            throw fail(key, "metal backend unavailable: " + key + " lacks an entry point: "
                    + BackendUnavailableException.oneLine(e.getMessage()));
        }
        long pool = ObjC.objc_autoreleasePoolPush();
        try {
            instance = new MetalRuntime();
        } finally {
            ObjC.objc_autoreleasePoolPop(pool);
        }
        boundTo = key;
        return instance;
    }

    private static BackendUnavailableException fail(String key, String reason) {
        FAILURES.put(key, reason);
        return new BackendUnavailableException(reason);
    }

    /** Opens an autorelease pool on the calling thread; pass the token to {@link #pop} in a finally block. */
    static long push() {
        return ObjC.objc_autoreleasePoolPush();
    }

    static void pop(long pool) {
        ObjC.objc_autoreleasePoolPop(pool);
    }

    /** MTLStorageMode: Shared 0, Private 2. */
    static long storageMode(StorageMode mode) {
        return mode == StorageMode.PRIVATE ? 2 : 0;
    }

    /** MTLResourceOptions of a heap buffer: storage mode in bits 4..7, hazard tracking in bits 8..9. */
    static long bufferOptions(StorageMode mode) {
        return storageMode(mode) << 4 | OPTION_HAZARD_TRACKED;
    }

    /** The text of an {@code NSString} (call inside a pool). */
    String string(long nsString) {
        if (nsString == 0) {
            return null;
        }
        long utf8 = ObjC.msgSend(nsString, sel.utf8String);
        return utf8 == 0 ? null : new Pointer(utf8).getString(0, "UTF-8");
    }
}
