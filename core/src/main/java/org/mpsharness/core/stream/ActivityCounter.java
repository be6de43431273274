package org.mpsharness.core.stream;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Users per stream, for gates that only report activity (off and on). Plain atomic counters: nothing is decided on
 * them. Port: {@code std::atomic<int>} per slot, {@code memory_order_relaxed}.
 */
final class ActivityCounter {
    private final AtomicIntegerArray users = new AtomicIntegerArray(MpsStream.MAX_STREAMS);

    void enter(MpsStream s) {
        users.incrementAndGet(s.index());
    }

    void exit(MpsStream s) {
        if (users.decrementAndGet(s.index()) < 0) {
            users.incrementAndGet(s.index());
            throw new IllegalStateException("deactivate without activate on stream " + s.index());
        }
    }

    int activeStreams() {
        int n = 0;
        for (int i = 0; i < users.length(); i++) {
            n += users.get(i) > 0 ? 1 : 0;
        }
        return n;
    }
}
