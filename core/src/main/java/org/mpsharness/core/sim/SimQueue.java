package org.mpsharness.core.sim;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.mpsharness.core.device.CommandBuffer;
import org.mpsharness.core.device.CommandQueue;

/**
 * A simulated command queue: committed buffers run strictly in commit order. In ASYNC mode a daemon worker thread runs
 * them (and their completion handlers, like Metal's completion thread); in MANUAL mode whoever drives the device does.
 */
final class SimQueue implements CommandQueue {
    private final SimDevice device;
    private final String label;
    private final ArrayDeque<SimCommandBuffer> pending = new ArrayDeque<>(); // guarded by this
    private final AtomicInteger uncompleted = new AtomicInteger();
    private Thread worker; // guarded by this
    private volatile boolean released;

    SimQueue(SimDevice device, String label) {
        this.device = device;
        this.label = label;
    }

    SimDevice device() {
        return device;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public CommandBuffer commandBuffer() {
        if (released) {
            throw new IllegalStateException("commandBuffer on released queue '" + label + "'");
        }
        return new SimCommandBuffer(this);
    }

    @Override
    public int uncompletedCount() {
        return uncompleted.get();
    }

    void submit(SimCommandBuffer cb) {
        uncompleted.incrementAndGet();
        device.commandBufferCommitted();
        synchronized (this) {
            pending.addLast(cb);
            if (device.config().mode() == SimConfig.Mode.ASYNC && worker == null) {
                worker = new Thread(this::workLoop, "sim-gpu-" + label);
                worker.setDaemon(true);
                worker.start();
            }
            notifyAll();
        }
    }

    private void workLoop() {
        while (true) {
            SimCommandBuffer cb;
            synchronized (this) {
                while (pending.isEmpty()) {
                    if (device.isClosed()) {
                        return;
                    }
                    try {
                        wait(200);
                    } catch (InterruptedException ie) {
                        if (device.isClosed()) {
                            return;
                        }
                    }
                }
                cb = pending.peekFirst();
            }
            cb.runOps();
            finish(cb, true);
        }
    }

    private void finish(SimCommandBuffer cb, boolean runHandlers) {
        List<Runnable> handlers = cb.complete();
        synchronized (this) {
            pending.pollFirst();
        }
        uncompleted.decrementAndGet();
        device.commandBufferCompleted();
        if (runHandlers) {
            device.runHandlers(handlers);
        } else {
            device.deferHandlers(handlers);
        }
    }

    /**
     * MANUAL mode: advances the head command buffer as far as it can run. True when anything ran.
     * {@code runHandlers} is false when a waiter drives the device: it may hold runtime locks, so handlers wait for
     * the next top-level {@link SimDevice#drain()}.
     */
    synchronized boolean step(boolean runHandlers) {
        SimCommandBuffer cb = pending.peekFirst();
        if (cb == null) {
            return false;
        }
        if (!cb.runOps()) {
            return false;
        }
        finish(cb, runHandlers);
        return true;
    }

    synchronized boolean idle() {
        return pending.isEmpty();
    }

    @Override
    public void release() {
        if (released) {
            throw new IllegalStateException("queue '" + label + "' released twice");
        }
        released = true;
        device.queueReleased(this);
    }
}
