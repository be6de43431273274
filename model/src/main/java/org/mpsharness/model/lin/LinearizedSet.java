package org.mpsharness.model.lin;

import java.util.SplittableRandom;

/**
 * The set of operations linearized so far, as a bitset that also keeps what the memo table needs to hash and store it
 * cheaply.
 *
 * <p>Two facts about the search make this pay. First, the set changes by one operation per step, so its hash is kept
 * incrementally by Zobrist hashing (XOR of a random 64-bit key per member) instead of being recomputed over all words.
 * Second, operations are numbered in call order and the search linearizes roughly in that order, so the set is
 * almost always "every operation below some index, plus a few beyond it": the words below {@link #low()} are all ones
 * and those above {@link #high()} all zeros, and only the words in between need storing or comparing. Both bounds are
 * kept up to date in amortized O(1).
 */
final class LinearizedSet {
    private final long[] words;
    private final long[] keys;
    private long hash;
    /** Index of the first word that is not all ones. */
    private int low;
    /** Index of the last word that is not zero, or -1. */
    private int high = -1;

    LinearizedSet(int size) {
        words = new long[(size + 63) >>> 6];
        keys = new long[size];
        SplittableRandom random = new SplittableRandom(0x5eed_1234_abcdL);
        for (int i = 0; i < size; i++) {
            keys[i] = random.nextLong();
        }
    }

    void add(int i) {
        int w = i >>> 6;
        words[w] |= 1L << i;
        hash ^= keys[i];
        if (w > high) {
            high = w;
        }
        while (low < words.length && words[low] == -1L) {
            low++;
        }
    }

    void remove(int i) {
        int w = i >>> 6;
        words[w] &= ~(1L << i);
        hash ^= keys[i];
        if (w < low) {
            low = w;
        }
        while (high >= 0 && words[high] == 0) {
            high--;
        }
    }

    boolean contains(int i) {
        return (words[i >>> 6] & (1L << i)) != 0;
    }

    /** A hash of the members, independent of the order in which they were added. */
    long hash() {
        return hash;
    }

    int low() {
        return low;
    }

    int high() {
        return high;
    }

    /** Word {@code w} of the bitset; meaningful for {@code low() <= w <= high()}. */
    long word(int w) {
        return words[w];
    }
}
