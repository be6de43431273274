package org.mpsharness.core.alloc;

import java.util.ArrayList;
import java.util.List;
import org.mpsharness.core.stream.MpsStream;

/**
 * The signals that one recordEvents call reserved under an allocator lock and encodes after releasing it (see
 * {@link MpsEvent}: reserve, then encode). Kept in reservation order, so that the signals of one call land on the
 * stream in the order their values were taken.
 */
final class EventSignals {
    private final List<MpsEvent> events = new ArrayList<>(2);
    private long[] values = new long[2];

    /** Reserves the next signal of {@code b}'s event for {@code s} (the caller holds {@code b}'s lock). */
    void reserve(BufferBlock b, MpsStream s, EventPool pool) {
        MpsEvent e = b.eventFor(s, pool);
        long v = e.reserve(s);
        if (events.size() == values.length) {
            values = java.util.Arrays.copyOf(values, values.length * 2);
        }
        values[events.size()] = v;
        events.add(e);
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    /** Encodes every reserved signal on {@code s}; the caller holds no allocator lock (entering a stream may wait). */
    void encode(MpsStream s) {
        for (int i = 0; i < events.size(); i++) {
            events.get(i).encode(s, values[i]);
        }
    }
}
