package org.mpsharness.core.sim;

import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.lock.LockOrderChecker;

/** A rising counter with a monitor for CPU waiters. */
final class SimSharedEvent implements SharedEvent {
    private final SimDevice device;
    private final long id;
    private long value; // guarded by this
    private boolean released; // guarded by this

    SimSharedEvent(SimDevice device, long id) {
        this.device = device;
        this.id = id;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public synchronized long signaledValue() {
        return value;
    }

    /** Raises the counter; never lowers it (a late, smaller signal is ignored, as on Metal). */
    synchronized void signal(long v) {
        if (v > value) {
            value = v;
            notifyAll();
        }
    }

    @Override
    public boolean waitUntilSignaled(long target, long timeoutMillis) throws InterruptedException {
        LockOrderChecker.assertMayBlock("SharedEvent.waitUntilSignaled");
        if (device.config().mode() == SimConfig.Mode.MANUAL) {
            device.driveUntil(() -> signaledValue() >= target);
            return signaledValue() >= target;
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (this) {
            while (value < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000L));
            }
            return true;
        }
    }

    /** A queue thread waiting on the event: no lock-order precondition, the device's own thread holds none. */
    boolean waitUntilSignaledOnGpu(long target, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (this) {
            while (value < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000L));
            }
            return true;
        }
    }

    @Override
    public void release() {
        synchronized (this) {
            if (released) {
                throw new IllegalStateException("shared event #" + id + " released twice");
            }
            released = true;
        }
        device.eventReleased();
    }
}
