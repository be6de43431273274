package org.mpsharness.backend.common;

import java.util.concurrent.atomic.AtomicInteger;
import org.mpsharness.core.device.DeviceBuffer;

/**
 * A native buffer with the retain semantics of the device interface: one reference for the client, one per
 * committed and uncompleted command buffer that used it. Its range goes back to the heap exactly when the count
 * reaches zero ({@link #gone()}).
 *
 * <p>Why counted in Java even on Metal, which retains resources itself: the allocator reads {@link #retainCount()} as
 * "the GPU still uses it", and Metal's own {@code retainCount} is not a reliable API. Keeping the count here makes the
 * answer exact and identical on all backends.
 */
public abstract class TrackedBuffer implements DeviceBuffer {
    private final AtomicInteger retains = new AtomicInteger(1);
    private volatile boolean released;

    @Override
    public final int retainCount() {
        return retains.get();
    }

    @Override
    public final boolean isReleased() {
        return released;
    }

    @Override
    public final void release() {
        synchronized (this) {
            if (released) {
                throw new IllegalStateException(this + " released twice");
            }
            released = true;
        }
        clientReleased();
        drop();
    }

    /**
     * A command buffer starts using this buffer. False when the buffer is already gone (a use after release racing
     * with the client's release): the caller must not touch its memory.
     */
    public final boolean retainForGpu() {
        while (true) {
            int n = retains.get();
            if (n == 0) {
                return false;
            }
            if (retains.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** A command buffer that used it completed. */
    public final void releaseFromGpu() {
        drop();
    }

    private void drop() {
        int n = retains.decrementAndGet();
        if (n == 0) {
            gone();
        } else if (n < 0) {
            throw new IllegalStateException(this + ": retain count below zero");
        }
    }

    /** Bookkeeping of the client's release (the heap's client-buffer count). */
    protected abstract void clientReleased();

    /** The last reference is gone: return the range (and maybe the heap's memory). Runs exactly once. */
    protected abstract void gone();
}
