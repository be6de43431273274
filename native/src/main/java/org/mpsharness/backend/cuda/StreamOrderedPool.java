package org.mpsharness.backend.cuda;

import static org.mpsharness.backend.cuda.CudaDriver.check;

import com.sun.jna.NativeLibrary;
import java.util.concurrent.atomic.AtomicLong;
import org.mpsharness.backend.common.BackendUnavailableException;

/**
 * CUDA's stream-ordered pool as a benchmark peer: what the driver itself offers for the allocator workload of
 * peers.md, so that {@code bench alloc} can put our designs beside it in the same run (the benchmark loop is the bench
 * module's; this class only makes the driver calls, as {@code bench} must not depend on the native module).
 *
 * <p>Set-up as peers.md measured it: the device's default memory pool with {@code CU_MEMPOOL_ATTR_RELEASE_THRESHOLD}
 * = UINT64_MAX, so that freed memory stays in the pool across synchronizations (a warm pool, as PyTorch's cache is
 * warm); each thread allocates and frees on its own non-blocking stream ({@link Worker}), where a block freed with
 * {@code cuMemFreeAsync} is reusable at once by the next {@code cuMemAllocAsync} on that stream. Closing the pool trims
 * it to zero and releases the primary context.
 */
public final class StreamOrderedPool implements AutoCloseable {
    private static final AtomicLong EPOCHS = new AtomicLong(-1_000_000); // apart from CudaDevice's epochs
    private static boolean bound; // guarded by StreamOrderedPool.class

    private final int device;
    private final long context;
    private final long pool;
    private final long epoch = EPOCHS.decrementAndGet();
    private boolean closed;

    private StreamOrderedPool(int device, long context, long pool) {
        this.device = device;
        this.context = context;
        this.pool = pool;
    }

    /**
     * Binds the driver ({@code library}: a name such as {@code cuda} or a path), retains device {@code ordinal}'s
     * primary context and sets its default pool's release threshold to UINT64_MAX.
     *
     * @throws BackendUnavailableException with one line when there is no driver, no device, or no stream-ordered
     *                                     allocator in this driver
     */
    public static StreamOrderedPool open(int ordinal, String library) {
        CudaDriver.bind(library);
        bindPoolApi();
        int[] dev = new int[1];
        int rc = CudaApi.cuDeviceGet(dev, ordinal);
        if (rc != CudaDriver.CUDA_SUCCESS) {
            throw new BackendUnavailableException("cuda device " + ordinal + " unavailable: "
                    + CudaDriver.errorName(rc));
        }
        long[] ctx = new long[1];
        check(CudaApi.cuDevicePrimaryCtxRetain(ctx, dev[0]), "cuDevicePrimaryCtxRetain");
        try {
            check(CudaApi.cuCtxSetCurrent(ctx[0]), "cuCtxSetCurrent");
            long[] pool = new long[1];
            check(CudaPoolApi.cuDeviceGetDefaultMemPool(pool, dev[0]), "cuDeviceGetDefaultMemPool");
            long[] keepAll = {-1L}; // UINT64_MAX: never release at synchronization
            check(CudaPoolApi.cuMemPoolSetAttribute(pool[0], CudaPoolApi.CU_MEMPOOL_ATTR_RELEASE_THRESHOLD, keepAll),
                    "cuMemPoolSetAttribute(RELEASE_THRESHOLD)");
            return new StreamOrderedPool(dev[0], ctx[0], pool[0]);
        } catch (RuntimeException e) {
            CudaApi.cuDevicePrimaryCtxRelease_v2(dev[0]);
            throw e;
        }
    }

    private static synchronized void bindPoolApi() {
        if (bound) {
            return;
        }
        try {
            CudaPoolApi.bind(NativeLibrary.getInstance(CudaDriver.boundLibrary()));
        } catch (UnsatisfiedLinkError e) {
            throw new BackendUnavailableException("cuda stream-ordered pool unavailable: the driver lacks "
                    + BackendUnavailableException.oneLine(e.getMessage()));
        }
        bound = true;
    }

    /** The pool's release threshold as the driver reports it (UINT64_MAX, read as -1, once opened). */
    public long releaseThreshold() {
        CudaDriver.makeCurrent(context, epoch);
        long[] v = new long[1];
        check(CudaPoolApi.cuMemPoolGetAttribute(pool, CudaPoolApi.CU_MEMPOOL_ATTR_RELEASE_THRESHOLD, v),
                "cuMemPoolGetAttribute(RELEASE_THRESHOLD)");
        return v[0];
    }

    /** A worker for the calling thread: the context made current here, and a non-blocking stream of its own. */
    public Worker worker(int liveBlocks) {
        CudaDriver.makeCurrent(context, epoch);
        long[] s = new long[1];
        check(CudaApi.cuStreamCreate(s, 1), "cuStreamCreate"); // CU_STREAM_NON_BLOCKING
        return new Worker(s[0], liveBlocks);
    }

    /** Trims the pool to nothing and releases the primary context. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        CudaDriver.makeCurrent(context, epoch);
        try {
            check(CudaApi.cuCtxSynchronize(), "cuCtxSynchronize");
            check(CudaPoolApi.cuMemPoolTrimTo(pool, 0), "cuMemPoolTrimTo");
        } finally {
            check(CudaApi.cuDevicePrimaryCtxRelease_v2(device), "cuDevicePrimaryCtxRelease_v2");
        }
    }

    /** One thread's stream and live blocks; used and closed on the thread that made it. */
    public final class Worker implements AutoCloseable {
        private final long stream;
        private final long[] live;
        private final long[] out = new long[1];

        private Worker(long stream, int liveBlocks) {
            this.stream = stream;
            this.live = new long[liveBlocks];
        }

        /** {@code cuMemFreeAsync} of the block in {@code slot} (if any), then {@code cuMemAllocAsync} of {@code bytes}. */
        public void replace(int slot, long bytes) {
            if (live[slot] != 0) {
                check(CudaPoolApi.cuMemFreeAsync(live[slot], stream), "cuMemFreeAsync");
                live[slot] = 0;
            }
            check(CudaPoolApi.cuMemAllocAsync(out, bytes, stream), "cuMemAllocAsync");
            live[slot] = out[0];
        }

        /** Frees every live block on the stream, waits for it, and destroys the stream. */
        @Override
        public void close() {
            try {
                for (int i = 0; i < live.length; i++) {
                    if (live[i] != 0) {
                        check(CudaPoolApi.cuMemFreeAsync(live[i], stream), "cuMemFreeAsync");
                        live[i] = 0;
                    }
                }
                check(CudaApi.cuStreamSynchronize(stream), "cuStreamSynchronize");
            } finally {
                check(CudaApi.cuStreamDestroy_v2(stream), "cuStreamDestroy_v2");
            }
        }
    }
}
