package org.mpsharness.backend.cuda;

import static org.mpsharness.backend.cuda.CudaDriver.check;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.mpsharness.backend.common.BackendUnavailableException;
import org.mpsharness.backend.common.DeviceDiagnostics;
import org.mpsharness.backend.common.BackendCore;
import org.mpsharness.backend.common.DeviceLedger;
import org.mpsharness.core.device.CommandQueue;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.device.DeviceBuffer;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.device.SizeAndAlign;
import org.mpsharness.core.device.StorageMode;

/**
 * The device interface over the CUDA driver API (JNA direct mapping): a queue is a non-blocking CUstream, a heap one
 * {@code cuMemAlloc_v2} region carved in Java, a shared event a rising counter over pooled CUevents, a command buffer
 * work recorded in Java and enqueued at commit with a completion CUevent that one poller thread per device watches.
 *
 * <p>Figures: {@link #recommendedMaxWorkingSetSize()} and {@link #maxBufferLength()} are the device's total memory
 * (CUDA has no working-set notion; MPS's watermark ratios then mean "fraction of the GPU"); buffers in heaps take
 * multiples of 512 bytes aligned to 512, the rounding of PyTorch's CUDA caching allocator; there is no unified
 * memory. Every thread makes the device's primary context current before its first driver call.
 */
public final class CudaDevice implements Device, DeviceDiagnostics {
    /** Size granule and alignment of buffers in heaps (CUDACachingAllocator's kMinBlockSize). */
    public static final long GRANULE = 512;
    private static final AtomicLong EPOCHS = new AtomicLong();

    private final int ordinal;
    private final int cuDevice;
    private final long context;
    private final long epoch;
    private final String gpuName;
    private final long totalMemory;
    private final BackendCore core;
    private final CuEventPool events;
    private final CudaKernels kernels;
    private final VerifySlots verifySlots;
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean closed;

    private CudaDevice(int ordinal, int cuDevice, long context, String gpuName, long totalMemory) {
        this.ordinal = ordinal;
        this.cuDevice = cuDevice;
        this.context = context;
        this.epoch = EPOCHS.incrementAndGet();
        this.gpuName = gpuName;
        this.totalMemory = totalMemory;
        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            ensureContext();
            this.kernels = CudaKernels.load();
            undo.push(() -> kernels.unload());
            this.verifySlots = new VerifySlots();
            undo.push(() -> verifySlots.close());
            this.events = new CuEventPool(this);
            this.core = new BackendCore("cuda" + ordinal, CudaBuffer.class, scan -> {
                ensureContext();
                scan.run();
            });
        } catch (RuntimeException | Error e) {
            while (!undo.isEmpty()) {
                undo.pop().run();
            }
            CudaApi.cuDevicePrimaryCtxRelease_v2(cuDevice);
            throw e;
        }
    }

    /** Opens GPU 0 through the system's libcuda. */
    public static CudaDevice open() {
        return open(0, CudaDriver.DEFAULT_LIBRARY);
    }

    /**
     * Opens GPU {@code ordinal} through the driver library {@code library} (a name such as {@code cuda}, or a path).
     *
     * @throws BackendUnavailableException when there is no driver or no such GPU (one line)
     * @throws org.mpsharness.core.device.DeviceException when the driver refuses a step; nothing stays allocated
     */
    public static CudaDevice open(int ordinal, String library) {
        CudaDriver.bind(library);
        int[] dev = new int[1];
        int rc = CudaApi.cuDeviceGet(dev, ordinal);
        if (rc != CudaDriver.CUDA_SUCCESS) {
            throw new BackendUnavailableException("cuda backend unavailable: no CUDA device #" + ordinal + " ("
                    + CudaDriver.errorName(rc) + ")");
        }
        byte[] name = new byte[256];
        check(CudaApi.cuDeviceGetName(name, name.length, dev[0]), "cuDeviceGetName");
        long[] total = new long[1];
        check(CudaApi.cuDeviceTotalMem_v2(total, dev[0]), "cuDeviceTotalMem_v2");
        long[] ctx = new long[1];
        check(CudaApi.cuDevicePrimaryCtxRetain(ctx, dev[0]), "cuDevicePrimaryCtxRetain");
        return new CudaDevice(ordinal, dev[0], ctx[0], cString(name), total[0]);
    }

    /**
     * Null when GPU {@code ordinal} can be opened through {@code library}, else the one-line reason why not. Binds the
     * driver (once per JVM) but opens nothing.
     */
    public static String unavailableReason(int ordinal, String library) {
        try {
            CudaDriver.bind(library);
            int[] dev = new int[1];
            int rc = CudaApi.cuDeviceGet(dev, ordinal);
            return rc == CudaDriver.CUDA_SUCCESS ? null : "cuda backend unavailable: no CUDA device #" + ordinal + " ("
                    + CudaDriver.errorName(rc) + ")";
        } catch (BackendUnavailableException e) {
            return e.getMessage();
        }
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** Makes the primary context current on the calling thread (a thread-local check after the first time). */
    void ensureContext() {
        CudaDriver.makeCurrent(context, epoch);
    }

    BackendCore core() {
        return core;
    }

    DeviceLedger ledger() {
        return core.ledger();
    }

    CuEventPool events() {
        return events;
    }

    CudaKernels kernels() {
        return kernels;
    }

    VerifySlots verifySlots() {
        return verifySlots;
    }

    /** The GPU's own name, e.g. {@code NVIDIA H100 80GB HBM3}. */
    @Override
    public String gpuName() {
        return gpuName;
    }

    public int ordinal() {
        return ordinal;
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public boolean hasUnifiedMemory() {
        return false;
    }

    @Override
    public long recommendedMaxWorkingSetSize() {
        return totalMemory;
    }

    @Override
    public long maxBufferLength() {
        return totalMemory;
    }

    @Override
    public SizeAndAlign heapBufferSizeAndAlign(long length, StorageMode mode) {
        return new SizeAndAlign((Math.max(1, length) + GRANULE - 1) & ~(GRANULE - 1), GRANULE);
    }

    @Override
    public CommandQueue newCommandQueue(String label) {
        core.checkOpen();
        ensureContext();
        return CudaQueue.create(this, label);
    }

    @Override
    public DeviceHeap newHeap(long size, StorageMode mode) {
        core.checkOpen();
        if (size <= 0) {
            throw new IllegalArgumentException("heap size " + size);
        }
        ensureContext();
        long[] p = new long[1];
        int rc = CudaApi.cuMemAlloc_v2(p, size);
        if (rc == CudaDriver.CUDA_ERROR_OUT_OF_MEMORY) {
            return null;
        }
        check(rc, "cuMemAlloc_v2(" + size + ")");
        core.ledger().heapCreated(size);
        return new CudaHeap(this, ids.incrementAndGet(), p[0], size, mode);
    }

    @Override
    public SharedEvent newSharedEvent() {
        core.checkOpen();
        core.ledger().eventCreated();
        return new CudaSharedEvent(this, ids.incrementAndGet());
    }

    @Override
    public long currentAllocatedSize() {
        return core.ledger().heapBytes();
    }

    @Override
    public MemoryInfo memoryInfo() {
        ensureContext();
        long[] free = new long[1];
        long[] total = new long[1];
        check(CudaApi.cuMemGetInfo_v2(free, total), "cuMemGetInfo_v2");
        return new MemoryInfo(free[0], total[0]);
    }

    @Override
    public ResourceCounts liveResources() {
        return core.ledger().snapshot();
    }

    @Override
    public long violationCount() {
        return core.ledger().violationCount();
    }

    @Override
    public List<String> violations() {
        return core.ledger().violations();
    }

    /** CUevents handed out and not yet back in the pool (completion markers and pending signals). */
    public long eventsInUse() {
        return events.outstanding();
    }

    /**
     * Diagnostics: copies bytes of a buffer to the host with a synchronous {@code cuMemcpyDtoH_v2}. It does not
     * order itself after queued work: wait for the command buffers that write the range first.
     */
    public byte[] read(DeviceBuffer buffer, long offset, int length) {
        CudaBuffer b = (CudaBuffer) core.own(buffer);
        checkRange(b, offset, length);
        ensureContext();
        byte[] out = new byte[length];
        check(CudaApi.cuMemcpyDtoH_v2(out, b.address() + offset, length), "cuMemcpyDtoH_v2");
        return out;
    }

    /**
     * Diagnostics: writes bytes into a buffer with {@code cuMemcpyHtoD_v2} (e.g. to corrupt it), then
     * {@code cuCtxSynchronize}: from pageable memory the copy may return before its DMA lands, and work on the
     * backend's non-blocking streams is not ordered after the legacy stream that carries it.
     */
    public void write(DeviceBuffer buffer, long offset, byte[] bytes) {
        CudaBuffer b = (CudaBuffer) core.own(buffer);
        checkRange(b, offset, bytes.length);
        ensureContext();
        check(CudaApi.cuMemcpyHtoD_v2(b.address() + offset, bytes, bytes.length), "cuMemcpyHtoD_v2");
        check(CudaApi.cuCtxSynchronize(), "cuCtxSynchronize");
    }

    private static void checkRange(CudaBuffer b, long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > b.length()) {
            throw new IndexOutOfBoundsException("[" + offset + ", +" + length + ") outside buffer of " + b.length());
        }
    }

    /**
     * Completes in-flight work (waiting up to 10 s), stops the device threads and gives back the module, the verify
     * slots, the pooled events and the primary context. Objects the client did not release are reported by
     * {@link #liveResources()}; their memory goes with the context.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        core.shutdown(10_000);
        ensureContext();
        closeStep(verifySlots.close(), "cuMemFree_v2/cuMemFreeHost(verify slots)");
        events.destroyAll();
        closeStep(kernels.unload(), "cuModuleUnload");
        closeStep(CudaApi.cuDevicePrimaryCtxRelease_v2(cuDevice), "cuDevicePrimaryCtxRelease_v2");
    }

    /** Close keeps going after a failed step (to give back the rest) and reports it as a violation. */
    private void closeStep(int rc, String call) {
        if (rc != CudaDriver.CUDA_SUCCESS) {
            core.ledger().violation(CudaDriver.failure(rc, call).getMessage());
        }
    }

    @Override
    public String toString() {
        return "cuda" + ordinal + " (" + gpuName + ")";
    }
}
