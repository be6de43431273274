package org.mpsharness.core.alloc;

import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.stream.MpsStream;

/**
 * A pooled event recorded on one stream after GPU work that used a block (MPSEvent). It completes when the GPU has
 * passed the point where it was last recorded. Mutable fields are guarded by the lock of the pool of the block it is
 * attached to (the baseline's {@code m_mutex}); one event serves one (block, stream) pair.
 *
 * <p>A record is two steps, so that no allocator lock is held while the stream is entered (invariant 9: entering the
 * default stream activates it in the commit gate, which may wait): {@link #reserve} takes the next signal value under
 * the block's lock, and the caller encodes the signal with {@link #encode} after releasing it. Why completion stays
 * exact although two records of one (block, stream) may then encode out of order: {@link #completed} asks for the
 * <em>highest</em> value reserved, a shared event never goes down (a smaller, late signal is ignored), and every
 * reservation was made after the work it covers was encoded on that stream — so the signal of the highest value runs
 * after the work of every record, and the event is not complete before all of them are encoded and passed.
 */
public final class MpsEvent {
    private final long id;
    private final SharedEvent shared;
    private MpsStream stream;
    private long value;

    MpsEvent(long id, SharedEvent shared) {
        this.id = id;
        this.shared = shared;
    }

    public long id() {
        return id;
    }

    MpsStream stream() {
        return stream;
    }

    /**
     * First step of a record on {@code s}: binds the event to {@code s} and returns the signal value to encode there.
     * Called with the block's lock held; nothing here enters the stream.
     */
    long reserve(MpsStream s) {
        if (stream != null && stream != s) {
            throw new IllegalStateException("event #" + id + " is bound to " + stream + ", recorded on " + s);
        }
        stream = s;
        return ++value;
    }

    /**
     * Second step: encodes the signal of {@code reserved} on {@code s}, after everything encoded there so far. Called
     * with no allocator lock held (it enters the stream, and entering the default stream may wait in the gate).
     */
    void encode(MpsStream s, long reserved) {
        s.encodeSignalEvent(shared, reserved);
    }

    /** True once the GPU passed the highest reserved value (never true before a record). */
    boolean completed() {
        return stream != null && shared.signaledValue() >= value;
    }

    /** Forget the binding before the event goes back to the pool. */
    void reset() {
        stream = null;
    }

    SharedEvent shared() {
        return shared;
    }
}
