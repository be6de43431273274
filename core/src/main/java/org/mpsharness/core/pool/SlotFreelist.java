package org.mpsharness.core.pool;

/**
 * Improvement 5: the set of free worker slots (1..31) and their owners. Slot 0, the default stream, is never in it.
 *
 * <p>Contract kept by both designs (invariant 8): a slot has at most one owner; {@link #release} succeeds only for the
 * owner and only once; misuse is reported by the outcome and changes nothing; {@link #reclaim} frees a dead owner's
 * slot exactly once.
 */
public interface SlotFreelist {
    /** Worker slots: 1..31. */
    int WORKER_SLOTS = 31;

    /** Claims a free slot for {@code owner} without blocking; -1 when none is free. */
    int tryAcquire(Thread owner);

    /**
     * Waits up to {@code timeoutNanos} for a slot (backpressure), returning -1 on time-out or when {@link #wakeAll}
     * was called (shutdown). A release wakes one waiter; no wake-up is lost.
     */
    int acquire(Thread owner, long timeoutNanos) throws InterruptedException;

    /** The owner's release. */
    ReleaseOutcome release(int slot, Thread caller);

    /** Frees {@code slot} if it is still owned by {@code deadOwner}; true for exactly one caller. */
    boolean reclaim(int slot, Thread deadOwner);

    /** Current owner, or null when free (or being handed over). */
    Thread ownerOf(int slot);

    int freeCount();

    /** Wakes every waiter (shutdown); they return -1. */
    void wakeAll();
}
