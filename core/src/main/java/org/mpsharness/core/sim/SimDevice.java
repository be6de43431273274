package org.mpsharness.core.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.mpsharness.core.device.CommandQueue;
import org.mpsharness.core.device.Device;
import org.mpsharness.core.device.DeviceHeap;
import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.device.SizeAndAlign;
import org.mpsharness.core.device.StorageMode;
import org.mpsharness.core.device.StreamCreationException;

/**
 * The simulated device, the embedded default: queues that run work asynchronously and in order, events as rising
 * counters, heaps with real (lazily backed) bytes, and fault injection. It also records device-level violations
 * (use after free, command-buffer errors, failing completion handlers) so that a run can report them.
 *
 * <p>Why simulate at all: it runs anywhere with only a JDK, it makes GPU timing controllable (MANUAL mode lets a model
 * checker decide when work completes), and its bytes are real, so a block handed to two owners corrupts a pattern
 * exactly as it would on a GPU.
 */
public final class SimDevice implements Device {
    private static final int MAX_VIOLATION_TEXTS = 100;

    private final SimConfig config;
    private final SimFaults faults = new SimFaults();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong addresses = new AtomicLong(0x1000);
    private final AtomicLong heapBytes = new AtomicLong();
    private final AtomicLong liveQueues = new AtomicLong();
    private final AtomicLong liveHeaps = new AtomicLong();
    private final AtomicLong liveBuffers = new AtomicLong();
    private final AtomicLong liveEvents = new AtomicLong();
    private final AtomicLong uncompleted = new AtomicLong();
    private final List<SimQueue> queues = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<String> violationTexts = new ConcurrentLinkedQueue<>();
    private final AtomicLong violations = new AtomicLong();
    private final ConcurrentLinkedQueue<Runnable> deferredHandlers = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    public SimDevice() {
        this(SimConfig.defaults());
    }

    public SimDevice(SimConfig config) {
        this.config = config;
    }

    public SimConfig config() {
        return config;
    }

    /** Fault injection, changeable while running. */
    public SimFaults faults() {
        return faults;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public boolean hasUnifiedMemory() {
        return config.unifiedMemory();
    }

    @Override
    public long recommendedMaxWorkingSetSize() {
        return config.recommendedMaxWorkingSet();
    }

    @Override
    public long maxBufferLength() {
        return config.capacityBytes();
    }

    @Override
    public SizeAndAlign heapBufferSizeAndAlign(long length, StorageMode mode) {
        long a = config.bufferAlignment();
        return new SizeAndAlign((Math.max(1, length) + a - 1) & ~(a - 1), a);
    }

    @Override
    public CommandQueue newCommandQueue(String label) {
        ensureOpen();
        if (faults.takeQueueFailure()) {
            throw new StreamCreationException("simulated device refused to create queue '" + label
                    + "' (fault injection)");
        }
        SimQueue q = new SimQueue(this, label);
        queues.add(q);
        liveQueues.incrementAndGet();
        return q;
    }

    @Override
    public DeviceHeap newHeap(long size, StorageMode mode) {
        ensureOpen();
        if (size <= 0) {
            throw new IllegalArgumentException("heap size " + size);
        }
        long limit = Math.min(config.capacityBytes(), faults.heapLimit());
        while (true) {
            long cur = heapBytes.get();
            if (cur + size > limit || cur + size < 0) {
                return null; // Metal returns nil
            }
            if (heapBytes.compareAndSet(cur, cur + size)) {
                break;
            }
        }
        liveHeaps.incrementAndGet();
        return new SimHeap(this, ids.incrementAndGet(), size, mode, config.bufferAlignment());
    }

    @Override
    public SharedEvent newSharedEvent() {
        ensureOpen();
        liveEvents.incrementAndGet();
        return new SimSharedEvent(this, ids.incrementAndGet());
    }

    @Override
    public long currentAllocatedSize() {
        return heapBytes.get();
    }

    @Override
    public MemoryInfo memoryInfo() {
        return new MemoryInfo(config.capacityBytes() - heapBytes.get(), config.capacityBytes());
    }

    @Override
    public ResourceCounts liveResources() {
        return new ResourceCounts(liveQueues.get(), liveHeaps.get(), liveBuffers.get(), liveEvents.get(),
                uncompleted.get(), heapBytes.get());
    }

    /** Device-level violations seen so far (use after free, command-buffer errors, failing handlers). */
    @Override
    public long violationCount() {
        return violations.get();
    }

    /** The first violation texts (at most 100). */
    @Override
    public List<String> violations() {
        return new ArrayList<>(violationTexts);
    }

    /**
     * MANUAL mode: runs every queue's committed work and every completion handler until nothing can progress. Call
     * it from a thread that holds no runtime lock (handlers take them). In ASYNC mode: waits until all queues idle.
     */
    public void drain() {
        if (config.mode() == SimConfig.Mode.ASYNC) {
            for (SimQueue q : queues) {
                while (!q.idle() && !closed) {
                    LockSupport.parkNanos(50_000);
                }
            }
            return;
        }
        boolean progress = true;
        while (progress) {
            progress = runDeferredHandlers();
            for (SimQueue q : queues) {
                while (q.step(true)) {
                    progress = true;
                }
            }
        }
    }

    /** MANUAL mode: runs queued work (no handlers) until {@code done} holds; throws when nothing can progress. */
    void driveUntil(BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            boolean progress = false;
            for (SimQueue q : queues) {
                progress |= q.step(false);
            }
            if (!progress && !done.getAsBoolean()) {
                throw new IllegalStateException("simulated GPU cannot make progress: the awaited work waits on an "
                        + "event that no committed work will signal (a deadlock on a real GPU)");
            }
        }
    }

    void runHandlers(List<Runnable> handlers) {
        for (Runnable h : handlers) {
            try {
                h.run();
            } catch (RuntimeException | Error ex) {
                violation("completion handler failed: " + ex);
            }
        }
    }

    void deferHandlers(List<Runnable> handlers) {
        deferredHandlers.addAll(handlers);
    }

    private boolean runDeferredHandlers() {
        boolean any = false;
        Runnable h;
        while ((h = deferredHandlers.poll()) != null) {
            any = true;
            runHandlers(List.of(h));
        }
        return any;
    }

    void violation(String text) {
        if (violations.incrementAndGet() <= MAX_VIOLATION_TEXTS) {
            violationTexts.add(text);
        }
    }

    /**
     * A fresh range of {@code size} addresses for a heap (never handed out again): buffers carved from the heap get
     * addresses inside it, so two buffers overlap in memory exactly when their address ranges do.
     */
    long reserveAddresses(long size) {
        return addresses.getAndAdd(size + 4096);
    }

    void bufferCreated() {
        liveBuffers.incrementAndGet();
    }

    void bufferDestroyed() {
        liveBuffers.decrementAndGet();
    }

    void heapReleased(SimHeap heap, boolean giveBackNow) {
        liveHeaps.decrementAndGet();
        if (giveBackNow) {
            heapBytesReturned(heap.size());
        }
    }

    void heapBytesReturned(long bytes) {
        heapBytes.addAndGet(-bytes);
    }

    void eventReleased() {
        liveEvents.decrementAndGet();
    }

    void queueReleased(SimQueue q) {
        queues.remove(q);
        liveQueues.decrementAndGet();
    }

    void commandBufferCommitted() {
        uncompleted.incrementAndGet();
    }

    void commandBufferCompleted() {
        uncompleted.decrementAndGet();
    }

    boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("simulated device is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    static void spin(long nanos) {
        if (nanos <= 0) {
            return;
        }
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    static void sleepNanos(long nanos) {
        long end = System.nanoTime() + nanos;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
