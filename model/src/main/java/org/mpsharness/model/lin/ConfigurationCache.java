package org.mpsharness.model.lin;

import java.util.Arrays;

/**
 * Lowe's memoization for the Wing &amp; Gong search: the set of configurations (set of linearized operations, spec
 * state) already explored. Two search nodes with the same configuration have the same future, because what remains
 * to be linearized and the state it starts from are the same; so the second is pruned. This is what turns the search
 * from factorial into something usable.
 *
 * <p>Layout, chosen for speed and little garbage: an open-addressing table of 64-bit hashes and entry numbers; each
 * entry's state in an object array and its bitset, trimmed to the words between {@link LinearizedSet#low()} and
 * {@link LinearizedSet#high()}, appended to one growing {@code long[]} pool as {@code [low, high, words...]}.
 */
final class ConfigurationCache {
    private static final int EMPTY = -1;

    private long[] slotHash;
    private int[] slotEntry;
    private int mask;
    private int size;

    private Object[] states = new Object[64];
    private int[] bitsAt = new int[64];
    private long[] pool = new long[256];
    private int poolUsed;

    ConfigurationCache() {
        allocateTable(1024);
    }

    int size() {
        return size;
    }

    /** Adds the configuration; false when it was already present (the caller then prunes). */
    boolean add(LinearizedSet bits, Object state) {
        long h = mix(bits.hash() ^ (state.hashCode() * 0x9E3779B97F4A7C15L));
        int slot = (int) h & mask;
        while (true) {
            int e = slotEntry[slot];
            if (e == EMPTY) {
                break;
            }
            if (slotHash[slot] == h && sameBits(e, bits) && states[e].equals(state)) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        int e = store(bits, state);
        slotHash[slot] = h;
        slotEntry[slot] = e;
        if (++size * 2 > slotEntry.length) {
            grow();
        }
        return true;
    }

    private boolean sameBits(int e, LinearizedSet bits) {
        int at = bitsAt[e];
        int low = (int) pool[at];
        int high = (int) pool[at + 1];
        if (low != bits.low() || high != bits.high()) {
            return false;
        }
        for (int w = low, p = at + 2; w <= high; w++, p++) {
            if (pool[p] != bits.word(w)) {
                return false;
            }
        }
        return true;
    }

    private int store(LinearizedSet bits, Object state) {
        int e = size;
        if (e == states.length) {
            states = Arrays.copyOf(states, e * 2);
            bitsAt = Arrays.copyOf(bitsAt, e * 2);
        }
        int low = bits.low();
        int high = bits.high();
        int need = 2 + Math.max(0, high - low + 1);
        if (poolUsed + need > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolUsed + need));
        }
        int at = poolUsed;
        pool[at] = low;
        pool[at + 1] = high;
        for (int w = low, p = at + 2; w <= high; w++, p++) {
            pool[p] = bits.word(w);
        }
        poolUsed += need;
        states[e] = state;
        bitsAt[e] = at;
        return e;
    }

    private void grow() {
        long[] oldHash = slotHash;
        int[] oldEntry = slotEntry;
        allocateTable(oldEntry.length * 2);
        for (int i = 0; i < oldEntry.length; i++) {
            int e = oldEntry[i];
            if (e != EMPTY) {
                int slot = (int) oldHash[i] & mask;
                while (slotEntry[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                slotHash[slot] = oldHash[i];
                slotEntry[slot] = e;
            }
        }
    }

    private void allocateTable(int capacity) {
        slotHash = new long[capacity];
        slotEntry = new int[capacity];
        Arrays.fill(slotEntry, EMPTY);
        mask = capacity - 1;
    }

    /** The MurmurHash3 finalizer: spreads the bits so that the low bits index the table well. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
