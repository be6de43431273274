package org.mpsharness.core;

/**
 * The one padding size of the project: data written by one thread and read or written by others is kept
 * {@value #BYTES} bytes away from its neighbours.
 *
 * <p>Why 128: the runtime's target is Apple Silicon, whose cache lines are 128 bytes; on x86 (64-byte lines, and the
 * adjacent-line prefetcher pulling pairs) 128 bytes is also what avoids false sharing. One constant, so that the Java
 * model and the port (C++: {@code alignas(128)}, or {@code std::hardware_destructive_interference_size} where it is
 * 128) pad the same way.
 */
public final class CacheLines {
    /** Bytes of padding on each side of contended data (C++: {@code alignas(CacheLines::BYTES)}). */
    public static final int BYTES = 128;
    /** The same, in {@code long} array slots. */
    public static final int LONGS = BYTES / Long.BYTES;
    /** The same, in {@code int} array slots. */
    public static final int INTS = BYTES / Integer.BYTES;
    /**
     * The same, in reference array slots, assuming the smallest reference (4 bytes, compressed oops), so that the
     * padding is at least {@value #BYTES} bytes whatever the JVM's reference size.
     */
    public static final int REFS = BYTES / 4;

    private CacheLines() {
    }
}
