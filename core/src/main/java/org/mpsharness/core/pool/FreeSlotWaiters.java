package org.mpsharness.core.pool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.function.IntSupplier;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;

/**
 * Backpressure for the lock-free freelists ({@link BitmaskFreelist}, {@link HomeSlotFreelist}): threads that found no
 * free slot sleep on {@code slot_available_cv_}; a releaser signals only when someone sleeps, so a release in the
 * common case takes no lock.
 *
 * <p>No lost wake-up: a waiter counts itself in {@code waiters} before it re-checks for a free slot under the lock; a
 * releaser publishes its free slot before it reads {@code waiters}. Both steps are sequentially consistent, so either
 * the waiter sees the slot or the releaser sees the waiter and signals under the lock (Dekker's argument; C++: both
 * {@code memory_order_seq_cst}, or a {@code seq_cst} fence between the two steps on each side).
 */
final class FreeSlotWaiters {
    private final AtomicInteger waiters = new AtomicInteger();
    private final OrderedLock waitLock = new OrderedLock("slot_available_cv_", LockLevel.POOL, 1);
    private final Condition slotAvailable = waitLock.newCondition();
    private volatile long wakeGeneration;

    /**
     * {@code tryAcquire} until it gives a slot (&ge; 0), {@code timeoutNanos} pass, or {@link #wakeAll} is called;
     * -1 when none was had. The first try takes no lock and registers nothing: the common case when slots are free.
     */
    int acquire(IntSupplier tryAcquire, long timeoutNanos) throws InterruptedException {
        int s = tryAcquire.getAsInt();
        if (s >= 0 || timeoutNanos <= 0) {
            return s;
        }
        return await(tryAcquire, timeoutNanos);
    }

    private int await(IntSupplier tryAcquire, long timeoutNanos) throws InterruptedException {
        long gen = wakeGeneration;
        waiters.incrementAndGet(); // seq_cst: must precede the re-check (see class comment)
        try {
            waitLock.lock();
            try {
                long nanos = timeoutNanos;
                while (true) {
                    int s = tryAcquire.getAsInt();
                    if (s >= 0 || nanos <= 0 || gen != wakeGeneration) {
                        return s;
                    }
                    nanos = slotAvailable.awaitNanos(nanos);
                }
            } finally {
                waitLock.unlock();
            }
        } finally {
            waiters.decrementAndGet();
        }
    }

    /** Called after a slot was made free (by a seq_cst write): wakes one sleeper, if any. */
    void slotFreed() {
        if (waiters.get() > 0) { // seq_cst read, after the freeing write (see class comment)
            waitLock.lock();
            try {
                slotAvailable.signal();
            } finally {
                waitLock.unlock();
            }
        }
    }

    /** Wakes every sleeper for good (shutdown): each returns what its last try gave. */
    void wakeAll() {
        wakeGeneration++; // single writer (shutdown); volatile so waiters re-checking see it
        waitLock.lock();
        try {
            slotAvailable.signalAll();
        } finally {
            waitLock.unlock();
        }
    }
}
