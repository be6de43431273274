package org.mpsharness.core.stream;

import java.util.Arrays;

/**
 * Users per stream, for gates that only report activity (off and on): nothing is decided on them, so updates need no
 * order beyond their own atomicity; {@link #activeStreams} is a snapshot (two identical collects), so that the count
 * it reports was true at one instant — a single scan could count a stream that left before another came, and report
 * zero active streams while one always was.
 *
 * <p>Port: {@code std::atomic<uint64_t>} per stream (see {@link StreamUsers}); {@code fetch_add/fetch_sub(release)}
 * (Java has no relaxed read-modify-write; release is its weakest), snapshot loads {@code load(acquire)}.
 */
final class ActivityCounter {
    private final StreamUsers users = new StreamUsers();

    void enter(MpsStream s) {
        users.addRelease(s.index()); // C++: fetch_add(release)
    }

    void exit(MpsStream s) {
        users.subtractRelease(s.index()); // C++: fetch_add(release); refuses to go below zero
    }

    int activeStreams() {
        long[] a = new long[StreamUsers.STREAMS];
        long[] b = new long[StreamUsers.STREAMS];
        users.collectAcquire(a);
        while (true) {
            users.collectAcquire(b);
            if (Arrays.equals(a, b)) { // no word changed between its two reads: all held these values at once
                return StreamUsers.activeIn(a);
            }
            long[] t = a;
            a = b;
            b = t;
            Thread.onSpinWait();
        }
    }
}
