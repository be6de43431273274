package org.mpsharness.core.alloc;

import org.mpsharness.core.device.SharedEvent;
import org.mpsharness.core.stream.MpsStream;

/**
 * A pooled event recorded on one stream after GPU work that used a block (MPSEvent). It completes when the GPU has
 * passed the point where it was recorded. Mutable fields are guarded by the lock of the pool of the block it is
 * attached to; one event serves one (block, stream) pair, so its signals land in order.
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

    /** Records the event on {@code s} after everything encoded on it so far. */
    void record(MpsStream s) {
        if (stream != null && stream != s) {
            throw new IllegalStateException("event #" + id + " is bound to " + stream + ", recorded on " + s);
        }
        stream = s;
        s.encodeSignalEvent(shared, ++value);
    }

    /** True once the GPU passed the last record (never true before a record). */
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
