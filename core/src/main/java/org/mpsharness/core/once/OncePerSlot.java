package org.mpsharness.core.once;

/**
 * Improvement 4: one value per slot index, created lazily and exactly once ({@code MPSStreamPool::createStream}).
 *
 * <p>Why exactly once matters: the value is a native resource (a command queue). Creating two under a race and dropping
 * one is a leak, so "create, then CAS, discard the loser" is not an option. A factory that throws leaves the slot
 * empty and retryable. Values are never removed.
 *
 * @param <T> what is created per slot (a stream)
 */
public interface OncePerSlot<T> {

    /** Number of slots. */
    int size();

    /**
     * The value of slot {@code index}, created by the factory on first use. The factory runs at most once per index
     * successfully; if it throws, the exception propagates and a later call retries.
     */
    T get(int index);

    /** The value if already created, else null; never creates. */
    T peek(int index);

    /** Index of the slot holding {@code value} (identity), or -1. */
    int indexOf(T value);
}
