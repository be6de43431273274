package org.mpsharness.backend.common;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.mpsharness.core.device.CommandBuffer;
import org.mpsharness.core.device.CommandQueue;

/**
 * A native queue (a non-blocking CUstream, an MTLCommandQueue) with its FIFO of committed, uncompleted command
 * buffers. Committing enqueues the buffer's work and appends it to the FIFO under one lock, so the FIFO order is the
 * order of the work on the device queue, which is the order in which it completes.
 */
public abstract class BackendQueue implements CommandQueue {
    protected final BackendCore core;
    private final String label;
    private final ConcurrentLinkedQueue<QueuedCommandBuffer> inFlight = new ConcurrentLinkedQueue<>();
    private final AtomicInteger uncompleted = new AtomicInteger();
    private final Object submitLock = new Object();
    private volatile boolean released;

    protected BackendQueue(BackendCore core, String label) {
        this.core = core;
        this.label = label;
    }

    /** Call once the native queue exists: from then on the poller watches it. */
    protected final void registered() {
        core.ledger().queueCreated();
        core.poller().register(this);
    }

    public BackendCore core() {
        return core;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public final CommandBuffer commandBuffer() {
        if (released) {
            throw new IllegalStateException("commandBuffer on released queue '" + label + "'");
        }
        core.checkOpen();
        return newCommandBuffer();
    }

    protected abstract QueuedCommandBuffer newCommandBuffer();

    @Override
    public int uncompletedCount() {
        return uncompleted.get();
    }

    final void submit(QueuedCommandBuffer cb) {
        uncompleted.incrementAndGet();
        core.ledger().commandBufferCommitted();
        synchronized (submitLock) {
            cb.enqueue();
            inFlight.add(cb);
        }
        core.poller().wake();
    }

    final QueuedCommandBuffer inFlightHead() {
        return inFlight.peek();
    }

    final void removeHead(QueuedCommandBuffer cb) {
        inFlight.remove(cb);
    }

    final void completed() {
        uncompleted.decrementAndGet();
        core.ledger().commandBufferCompleted();
    }

    public boolean isReleased() {
        return released;
    }

    @Override
    public final void release() {
        synchronized (this) {
            if (released) {
                throw new IllegalStateException("queue '" + label + "' released twice");
            }
            released = true;
        }
        core.ledger().queueReleased();
        destroyNative();
    }

    /**
     * Gives the native queue back. Work already committed still completes (cuStreamDestroy defers the destruction;
     * a Metal command buffer retains its queue) and the poller still completes it.
     */
    protected abstract void destroyNative();
}
