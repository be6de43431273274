package org.mpsharness.backend.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.mpsharness.core.device.Device;

/**
 * The live-object counters and misuse reports of one native device: what {@link Device#liveResources()} returns and
 * what the simulated device calls its violations.
 *
 * <p>Why a ledger kept in Java rather than asking the driver: neither CUDA nor Metal can say "how many heaps did this
 * process create through this object and not release", and the leak checks of the workload must mean the same on
 * every backend. Counters move exactly where the simulated device moves them (a heap stops counting when released,
 * its bytes when the memory really returns), so a run that is leak-free on the simulator has the same evidence here.
 */
public final class DeviceLedger {
    private static final int MAX_TEXTS = 100;

    private final AtomicLong queues = new AtomicLong();
    private final AtomicLong heaps = new AtomicLong();
    private final AtomicLong buffers = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong uncompleted = new AtomicLong();
    private final AtomicLong heapBytes = new AtomicLong();
    private final AtomicLong violations = new AtomicLong();
    private final ConcurrentLinkedQueue<String> texts = new ConcurrentLinkedQueue<>();

    public void queueCreated() {
        queues.incrementAndGet();
    }

    public void queueReleased() {
        queues.decrementAndGet();
    }

    /** A heap of {@code bytes} now exists and holds its memory. */
    public void heapCreated(long bytes) {
        heaps.incrementAndGet();
        heapBytes.addAndGet(bytes);
    }

    /** The client released a heap (its memory may stay taken while buffers of it are retained). */
    public void heapReleased() {
        heaps.decrementAndGet();
    }

    /** A released heap's memory went back to the device. */
    public void heapBytesReturned(long bytes) {
        heapBytes.addAndGet(-bytes);
    }

    public void bufferCreated() {
        buffers.incrementAndGet();
    }

    /** A buffer's range went back to its heap (client released it and no command buffer retains it). */
    public void bufferDestroyed() {
        buffers.decrementAndGet();
    }

    public void eventCreated() {
        events.incrementAndGet();
    }

    public void eventReleased() {
        events.decrementAndGet();
    }

    public void commandBufferCommitted() {
        uncompleted.incrementAndGet();
    }

    public void commandBufferCompleted() {
        uncompleted.decrementAndGet();
    }

    public long heapBytes() {
        return heapBytes.get();
    }

    public Device.ResourceCounts snapshot() {
        return new Device.ResourceCounts(queues.get(), heaps.get(), buffers.get(), events.get(), uncompleted.get(),
                heapBytes.get());
    }

    /** Records misuse the device detected (use after release, failed GPU work, failing completion handlers). */
    public void violation(String text) {
        if (violations.incrementAndGet() <= MAX_TEXTS) {
            texts.add(text);
        }
    }

    public long violationCount() {
        return violations.get();
    }

    /** The first violation texts (at most 100). */
    public List<String> violations() {
        return new ArrayList<>(texts);
    }
}
