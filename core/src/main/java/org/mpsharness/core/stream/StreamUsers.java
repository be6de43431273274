package org.mpsharness.core.stream;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Active users per stream, one 64-bit word per stream: {@code (changes << 32) | users}. Each word sits on its own
 * 128-byte line (the cache line of Apple silicon, where the runtime runs; two lines on x86), so that activating one's
 * own stream never touches a line another stream's users write.
 *
 * <p>Why a change count beside the users: the gate and the activity counters answer "how many streams are active" by
 * two identical collects of all words. Users alone can return to a value they had (one user leaves, another comes),
 * and then two collects could agree across a change; every activation and deactivation also adds one to the change
 * count, so two equal reads of a word mean it did not change in between (up to 2^32 changes between two reads of one
 * collect, which no run comes near).
 *
 * <p>Port: {@code struct alignas(128) { std::atomic<uint64_t> word; } users_[32]}. The memory order of each access is
 * in the name of the method that makes it; the class that calls it says why it needs that order.
 */
final class StreamUsers {
    static final int STREAMS = MpsStream.MAX_STREAMS;
    /** Longs from one word to the next: 128 bytes. */
    static final int STRIDE = 16;
    private static final long ONE_CHANGE = 1L << 32;
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    /** Word of stream s at index (s + 1) * STRIDE: a padding line before the first word and after the last. */
    private final long[] words = new long[(STREAMS + 2) * STRIDE];

    private static int at(int stream) {
        return (stream + 1) * STRIDE;
    }

    /** The users part of a word. */
    static int users(long word) {
        return (int) word;
    }

    /** One more user; sequentially consistent ({@code fetch_add(seq_cst)}). */
    void addSeqCst(int stream) {
        WORDS.getAndAdd(words, at(stream), ONE_CHANGE + 1); // C++: fetch_add(seq_cst)
    }

    /** One more user; release ({@code fetch_add(release)}). */
    void addRelease(int stream) {
        WORDS.getAndAddRelease(words, at(stream), ONE_CHANGE + 1); // C++: fetch_add(release)
    }

    /**
     * One user fewer; release ({@code fetch_add(release)}). Refuses to go below zero: the word is restored and
     * {@link IllegalStateException} thrown (a deactivation without an activation is the caller's bug).
     */
    void subtractRelease(int stream) {
        long old = (long) WORDS.getAndAddRelease(words, at(stream), ONE_CHANGE - 1); // C++: fetch_add(release)
        if (users(old) <= 0) {
            WORDS.getAndAddRelease(words, at(stream), -(ONE_CHANGE - 1)); // undo; C++: fetch_sub(release)
            throw new IllegalStateException("deactivate without activate on stream " + stream);
        }
    }

    /** Users of {@code stream}, {@code load(acquire)}. */
    int usersAcquire(int stream) {
        return users((long) WORDS.getAcquire(words, at(stream))); // C++: load(acquire)
    }

    /** Users of {@code stream}, {@code load(seq_cst)}. */
    int usersSeqCst(int stream) {
        return users((long) WORDS.getVolatile(words, at(stream))); // C++: load(seq_cst)
    }

    /** Whether any stream other than {@code stream} has a user, each word read with {@code load(acquire)}. */
    boolean anyOtherAcquire(int stream) {
        for (int s = 0; s < STREAMS; s++) {
            if (s != stream && users((long) WORDS.getAcquire(words, at(s))) > 0) { // C++: load(acquire)
                return true;
            }
        }
        return false;
    }

    /** Whether any stream other than {@code stream} has a user, each word read with {@code load(seq_cst)}. */
    boolean anyOtherSeqCst(int stream) {
        for (int s = 0; s < STREAMS; s++) {
            if (s != stream && users((long) WORDS.getVolatile(words, at(s))) > 0) { // C++: load(seq_cst)
                return true;
            }
        }
        return false;
    }

    /** Every word into {@code into[0..STREAMS)}, each with {@code load(acquire)} (one collect). */
    void collectAcquire(long[] into) {
        for (int s = 0; s < STREAMS; s++) {
            into[s] = (long) WORDS.getAcquire(words, at(s)); // C++: load(acquire)
        }
    }

    /** Streams with at least one user among the words of a collect. */
    static int activeIn(long[] collect) {
        int n = 0;
        for (int s = 0; s < STREAMS; s++) {
            n += users(collect[s]) > 0 ? 1 : 0;
        }
        return n;
    }
}
