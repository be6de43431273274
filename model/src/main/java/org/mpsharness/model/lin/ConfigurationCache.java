package org.mpsharness.model.lin;

import java.util.Arrays;

/**
 * Lowe's memoization for the Wing &amp; Gong search: the configurations (operations linearized, spec state) already
 * explored, so that a node whose configuration has been explored is pruned. Two nodes with the same configuration have
 * the same future, which turns the search from factorial into something usable.
 *
 * <p>One refinement for operations of unknown outcome: a configuration is also pruned when an explored one has the
 * same state and the same operations with a response linearized, but only a subset of the unknown-outcome ones. The
 * explored one dominates: everything the new node can still do, it could do too, since it may still apply the extra
 * unknown operations or leave them out forever. Without this, every subset of the crashed writes that were applied and
 * then overwritten is a configuration of its own, and refuting a history with a few dozen crashes takes exponential
 * time; with it, those subsets collapse into one.
 *
 * <p>Layout, chosen for speed and little garbage: an open-addressing table of 64-bit hashes of (state, operations
 * with a response), one slot per distinct pair; each pair keeps its state in an object array, its bitset (trimmed to
 * the words between {@link LinearizedSet#low()} and {@link LinearizedSet#high()}) in one growing {@code long[]} pool
 * as {@code [low, high, words...]}, and a linked list of the unknown-outcome subsets explored with it, also in the
 * pool. Without unknown-outcome operations every list has one empty subset, and the table is plain Lowe
 * memoization.
 */
final class ConfigurationCache {
    private static final int EMPTY = -1;

    private long[] slotHash;
    private int[] slotKey;
    private int mask;
    private int keys;
    private int size;

    // per key: state, definite bitset, first subset
    private Object[] states = new Object[64];
    private int[] keyBitsAt = new int[64];
    private int[] firstSubset = new int[64];
    // per subset: its bitset and the next subset of the same key
    private int[] subsetAt = new int[64];
    private int[] nextSubset = new int[64];

    private long[] pool = new long[256];
    private int poolUsed;

    ConfigurationCache() {
        allocateTable(1024);
    }

    /** The number of configurations stored. */
    int size() {
        return size;
    }

    /**
     * Adds the configuration unless an explored one is equal or dominates it; returns false in that case (the caller
     * then prunes).
     *
     * @param definite the linearized operations that have a response
     * @param unknown  the linearized operations of unknown outcome
     */
    boolean add(LinearizedSet definite, LinearizedSet unknown, Object state) {
        long h = mix(definite.hash() ^ (state.hashCode() * 0x9E3779B97F4A7C15L));
        int slot = (int) h & mask;
        while (true) {
            int k = slotKey[slot];
            if (k == EMPTY) {
                break;
            }
            if (slotHash[slot] == h && sameBits(keyBitsAt[k], definite) && states[k].equals(state)) {
                for (int sub = firstSubset[k]; sub != EMPTY; sub = nextSubset[sub]) {
                    if (subset(subsetAt[sub], unknown)) {
                        return false;
                    }
                }
                firstSubset[k] = storeSubset(unknown, firstSubset[k]);
                return true;
            }
            slot = (slot + 1) & mask;
        }
        int k = keys++;
        if (k == states.length) {
            states = Arrays.copyOf(states, k * 2);
            keyBitsAt = Arrays.copyOf(keyBitsAt, k * 2);
            firstSubset = Arrays.copyOf(firstSubset, k * 2);
        }
        states[k] = state;
        keyBitsAt[k] = storeBits(definite);
        firstSubset[k] = storeSubset(unknown, EMPTY);
        slotHash[slot] = h;
        slotKey[slot] = k;
        if (keys * 2 > slotKey.length) {
            grow();
        }
        return true;
    }

    private int storeSubset(LinearizedSet unknown, int next) {
        int sub = size++;
        if (sub == subsetAt.length) {
            subsetAt = Arrays.copyOf(subsetAt, sub * 2);
            nextSubset = Arrays.copyOf(nextSubset, sub * 2);
        }
        subsetAt[sub] = storeBits(unknown);
        nextSubset[sub] = next;
        return sub;
    }

    private int storeBits(LinearizedSet bits) {
        int need = 2 + Math.max(0, bits.high() - bits.low() + 1);
        if (poolUsed + need > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolUsed + need));
        }
        int at = poolUsed;
        pool[poolUsed++] = bits.low();
        pool[poolUsed++] = bits.high();
        for (int w = bits.low(); w <= bits.high(); w++) {
            pool[poolUsed++] = bits.word(w);
        }
        return at;
    }

    /** Whether the stored bitset at {@code at} equals {@code bits}. */
    private boolean sameBits(int at, LinearizedSet bits) {
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

    /** Whether the stored bitset at {@code at} is a subset of {@code bits}. */
    private boolean subset(int at, LinearizedSet bits) {
        int low = (int) pool[at];
        int high = (int) pool[at + 1];
        if (high > bits.high()) {
            return false; // the stored set has a member beyond the last word of bits
        }
        if (bits.low() < low) {
            return false; // the stored set is all ones below low, bits is not
        }
        int p = at + 2;
        for (int w = low; w <= high; w++, p++) {
            if ((pool[p] & ~bits.word(w)) != 0) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        long[] oldHash = slotHash;
        int[] oldKey = slotKey;
        allocateTable(oldKey.length * 2);
        for (int i = 0; i < oldKey.length; i++) {
            int k = oldKey[i];
            if (k != EMPTY) {
                int slot = (int) oldHash[i] & mask;
                while (slotKey[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                slotHash[slot] = oldHash[i];
                slotKey[slot] = k;
            }
        }
    }

    private void allocateTable(int capacity) {
        slotHash = new long[capacity];
        slotKey = new int[capacity];
        Arrays.fill(slotKey, EMPTY);
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
