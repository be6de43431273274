package org.mpsharness.backend.metal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.mpsharness.backend.common.BackendUnavailableException;
import org.mpsharness.backend.common.DeviceDiagnostics;
import org.mpsharness.backend.common.BackendCore;
import org.mpsharness.backend.common.DeviceLedger;
import org.mpsharness.core.device.CommandQueue;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.device.DeviceException;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.device.SizeAndAlign;
import org.mpsharness.core.device.StorageMode;

/**
 * The device interface over Metal, through JNA and the Objective-C runtime: a queue is an {@code MTLCommandQueue}, a
 * heap an {@code MTLHeap} (tracked hazards, the storage mode asked for), a shared event an {@code MTLSharedEvent}, a
 * command buffer an {@code MTLCommandBuffer} encoded at commit (see {@link MetalCommandBuffer}). Completion is polled
 * ({@code status}) by one thread per device; no Objective-C blocks are built.
 *
 * <p>Ownership: objects from {@code new…}/{@code alloc} and {@code MTLCreateSystemDefaultDevice} are owned and get
 * one {@code release}; autoreleased ones ({@code commandBuffer}, {@code blitCommandEncoder}, strings) live in an
 * autorelease pool that every entry point pushes and pops on its own thread. Figures come from the device:
 * {@code recommendedMaxWorkingSetSize}, {@code maxBufferLength}, {@code hasUnifiedMemory},
 * {@code heapBufferSizeAndAlignWithLength:options:} (cached: it is a pure function of length and options and the
 * allocator asks on every malloc). {@link #memoryInfo()} reports total = the recommended working set and free = that
 * minus {@code currentAllocatedSize}: Metal has no free-memory query.
 */
public final class MetalDevice implements Device, DeviceDiagnostics {
    /** Default fill rate that sizes {@code compute(nanos)} blits: 100 bytes per ns (100 GB/s), not calibrated. */
    public static final long DEFAULT_FILL_BYTES_PER_NANO = 100;
    private static final long SCRATCH_BYTES = 8L << 20;
    private static final int SIZE_CACHE_LIMIT = 4096;

    private final MetalRuntime rt;
    private final long handle;
    private final String gpuName;
    private final boolean unified;
    private final long recommended;
    private final long maxBuffer;
    private final long fillBytesPerNano;
    private final BackendCore core;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, SizeAndAlign> sizeCache = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private MetalDevice(MetalRuntime rt, long handle, long fillBytesPerNano) {
        this.rt = rt;
        this.handle = handle;
        this.fillBytesPerNano = fillBytesPerNano;
        Selectors s = rt.sel;
        this.gpuName = rt.string(ObjC.msgSend(handle, s.name));
        this.unified = ObjC.msgSendBool(handle, s.hasUnifiedMemory) != 0;
        this.recommended = ObjC.msgSend(handle, s.recommendedMaxWorkingSetSize);
        this.maxBuffer = ObjC.msgSend(handle, s.maxBufferLength);
        this.core = new BackendCore("metal", MetalBuffer.class, scan -> {
            long pool = MetalRuntime.push();
            try {
                scan.run();
            } finally {
                MetalRuntime.pop(pool);
            }
        });
    }

    /**
     * Opens the system default GPU. Options: {@code objcLib} (path of a stand-in Objective-C runtime; also the system
     * property {@value MetalRuntime#OBJC_LIB_PROPERTY} or the environment variable
     * {@value MetalRuntime#OBJC_LIB_ENV}), {@code fillBytesPerNano} (rate that sizes {@code compute} blits).
     *
     * @throws BackendUnavailableException when there is no Metal (one line)
     */
    public static MetalDevice open(Map<String, String> options) {
        MetalRuntime rt = MetalRuntime.bind(MetalRuntime.configuredLibrary(options));
        long rate = DEFAULT_FILL_BYTES_PER_NANO;
        String r = options == null ? null : options.get("fillBytesPerNano");
        if (r != null) {
            try {
                rate = Long.parseLong(r.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fillBytesPerNano must be a whole number: " + r);
            }
            if (rate <= 0) {
                throw new IllegalArgumentException("fillBytesPerNano must be positive: " + r);
            }
        }
        long pool = MetalRuntime.push();
        try {
            long dev = MetalFramework.MTLCreateSystemDefaultDevice();
            if (dev == 0) {
                throw new BackendUnavailableException("metal backend unavailable: MTLCreateSystemDefaultDevice "
                        + "returned nil (no Metal GPU)");
            }
            try {
                return new MetalDevice(rt, dev, rate);
            } catch (RuntimeException | Error e) {
                ObjC.msgSendVoid(dev, rt.sel.release);
                throw e;
            }
        } finally {
            MetalRuntime.pop(pool);
        }
    }

    /** Null when Metal can be opened with these options, else the one-line reason. Binds the runtime, opens nothing. */
    public static String unavailableReason(Map<String, String> options) {
        try {
            MetalRuntime.bind(MetalRuntime.configuredLibrary(options));
            return null;
        } catch (BackendUnavailableException e) {
            return e.getMessage();
        }
    }

    MetalRuntime runtime() {
        return rt;
    }

    long handle() {
        return handle;
    }

    BackendCore core() {
        return core;
    }

    DeviceLedger ledger() {
        return core.ledger();
    }

    long fillBytesPerNano() {
        return fillBytesPerNano;
    }

    long scratchBytes() {
        return SCRATCH_BYTES;
    }

    /** The GPU's own name ({@code [device name]}). */
    @Override
    public String gpuName() {
        return gpuName;
    }

    @Override
    public String name() {
        return "metal";
    }

    @Override
    public boolean hasUnifiedMemory() {
        return unified;
    }

    @Override
    public long recommendedMaxWorkingSetSize() {
        return recommended;
    }

    @Override
    public long maxBufferLength() {
        return maxBuffer;
    }

    @Override
    public SizeAndAlign heapBufferSizeAndAlign(long length, StorageMode mode) {
        long key = (length << 1) | (mode == StorageMode.PRIVATE ? 1 : 0);
        SizeAndAlign cached = length < (1L << 62) ? sizeCache.get(key) : null;
        if (cached != null) {
            return cached;
        }
        MTLSizeAndAlign.ByValue r;
        long pool = MetalRuntime.push();
        try {
            r = ObjC.msgSendSizeAndAlign(handle, rt.sel.heapBufferSizeAndAlign, Math.max(1, length),
                    MetalRuntime.bufferOptions(mode));
        } finally {
            MetalRuntime.pop(pool);
        }
        SizeAndAlign sa = new SizeAndAlign(r.size, r.align);
        if (length < (1L << 62) && sizeCache.size() < SIZE_CACHE_LIMIT) {
            sizeCache.put(key, sa);
        }
        return sa;
    }

    @Override
    public CommandQueue newCommandQueue(String label) {
        core.checkOpen();
        return MetalQueue.create(this, label);
    }

    @Override
    public DeviceHeap newHeap(long size, StorageMode mode) {
        core.checkOpen();
        if (size <= 0) {
            throw new IllegalArgumentException("heap size " + size);
        }
        Selectors s = rt.sel;
        long heap;
        long pool = MetalRuntime.push();
        try {
            long desc = ObjC.msgSend(ObjC.msgSend(rt.heapDescriptorClass, s.alloc), s.init);
            if (desc == 0) {
                throw new DeviceException("[[MTLHeapDescriptor alloc] init] returned nil");
            }
            try {
                ObjC.msgSendVoid(desc, s.setSize, size);
                ObjC.msgSendVoid(desc, s.setStorageMode, MetalRuntime.storageMode(mode));
                ObjC.msgSendVoid(desc, s.setHazardTrackingMode, MetalRuntime.HAZARD_TRACKED);
                heap = ObjC.msgSend(handle, s.newHeapWithDescriptor, desc);
            } finally {
                ObjC.msgSendVoid(desc, s.release);
            }
        } finally {
            MetalRuntime.pop(pool);
        }
        if (heap == 0) {
            return null; // Metal's answer when it cannot back the heap
        }
        core.ledger().heapCreated(size);
        return new MetalHeap(this, heap, ids.incrementAndGet(), size, mode);
    }

    @Override
    public SharedEvent newSharedEvent() {
        core.checkOpen();
        long ev;
        long pool = MetalRuntime.push();
        try {
            ev = ObjC.msgSend(handle, rt.sel.newSharedEvent);
        } finally {
            MetalRuntime.pop(pool);
        }
        if (ev == 0) {
            throw new DeviceException("newSharedEvent returned nil");
        }
        core.ledger().eventCreated();
        return new MetalSharedEvent(this, ev, ids.incrementAndGet());
    }

    @Override
    public long currentAllocatedSize() {
        return core.ledger().heapBytes();
    }

    @Override
    public MemoryInfo memoryInfo() {
        long used;
        long pool = MetalRuntime.push();
        try {
            used = ObjC.msgSend(handle, rt.sel.currentAllocatedSize);
        } finally {
            MetalRuntime.pop(pool);
        }
        return new MemoryInfo(Math.max(0, recommended - used), recommended);
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

    /**
     * Completes in-flight work (waiting up to 10 s), stops the device threads and releases the device object.
     * Objects the client did not release are reported by {@link #liveResources()} and stay alive (they retain it).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        core.shutdown(10_000);
        long pool = MetalRuntime.push();
        try {
            ObjC.msgSendVoid(handle, rt.sel.release);
        } finally {
            MetalRuntime.pop(pool);
        }
    }

    @Override
    public String toString() {
        return "metal (" + gpuName + ")";
    }
}
