package org.mpsharness.core.pool;

import java.util.Objects;
import org.mpsharness.core.stream.MpsStream;

/**
 * A held worker slot whose stream is the owner's current stream; closing it releases the slot. Must be closed by the
 * thread that acquired it (a slot is owned by a thread, not by an object).
 */
public final class SlotLease implements AutoCloseable {
    private final StreamPool pool;
    private final int slot;
    private final MpsStream stream;
    private final Thread owner;
    private boolean closed;

    SlotLease(StreamPool pool, int slot, MpsStream stream) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.slot = slot;
        this.stream = Objects.requireNonNull(stream, "stream");
        this.owner = Thread.currentThread();
    }

    /**
     * The lease of {@code slot}, just acquired by the calling thread from {@code pool}, with its stream: what
     * {@link StreamPool#lease()} returns. Public so that a pool written from scratch (not extending
     * {@link ComposedStreamPool}) can implement {@code lease()}. Closing it calls {@code pool.releaseStreamSlot(slot)}
     * on the owner's thread.
     */
    public static SlotLease of(StreamPool pool, int slot, MpsStream stream) {
        return new SlotLease(pool, slot, stream);
    }

    public int slot() {
        return slot;
    }

    public MpsStream stream() {
        return stream;
    }

    /** Releases the slot; a second close is a no-op. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("slot lease " + slot + " closed by " + Thread.currentThread().getName()
                    + ", not by its owner " + owner.getName());
        }
        closed = true;
        pool.releaseStreamSlot(slot);
    }
}
