package org.mpsharness.core.device;

/**
 * When a native heap's memory may go back to the device: after the client released the heap <em>and</em> the last
 * buffer carved from it is gone (released by its client and no longer retained by uncompleted GPU work). This is the
 * rule of {@code MTLHeap} and of the simulated heap; on CUDA it decides when {@code cuMemFree_v2} may run, since
 * freeing earlier would let in-flight kernels touch memory that is no longer ours.
 *
 * <p>Each method answers whether the caller must give the memory back now; exactly one call ever answers true.
 * Thread-safe; its monitor is a leaf (nothing else is acquired while it is held).
 */
public final class HeapLifecycle {
    private final String what;
    private int clientBuffers; // buffers not yet released by the client
    private int liveBuffers; // buffers whose range is still taken
    private boolean released;
    private boolean returned;

    public HeapLifecycle(String what) {
        this.what = what;
    }

    /** Throws when the heap was released: carving from it is a client bug. */
    public synchronized void bufferCreated() {
        if (released) {
            throw new IllegalStateException("newBuffer on released " + what);
        }
        clientBuffers++;
        liveBuffers++;
    }

    public synchronized void checkOpen() {
        if (released) {
            throw new IllegalStateException("newBuffer on released " + what);
        }
    }

    public synchronized void clientReleased() {
        clientBuffers--;
    }

    /** A buffer's last reference is gone; true when the heap's memory must now be given back. */
    public synchronized boolean bufferGone() {
        liveBuffers--;
        return giveBackNow();
    }

    /** The client releases the heap; true when its memory must now be given back. */
    public synchronized boolean release() {
        if (released) {
            throw new IllegalStateException(what + " released twice");
        }
        released = true;
        return giveBackNow();
    }

    public synchronized int clientBuffers() {
        return clientBuffers;
    }

    public synchronized boolean isReleased() {
        return released;
    }

    private boolean giveBackNow() {
        if (released && liveBuffers == 0 && !returned) {
            returned = true;
            return true;
        }
        return false;
    }
}
