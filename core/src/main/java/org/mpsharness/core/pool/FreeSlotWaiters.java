package org.mpsharness.core.pool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.function.IntSupplier;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.LockOrderChecker;
import org.mpsharness.core.lock.OrderedLock;

/**
 * Backpressure for the lock-free freelists ({@link BitmaskFreelist}, {@link HomeSlotFreelist}): threads that found no
 * free slot sleep on {@code slot_available_cv_}; a releaser signals only when someone sleeps, so a release in the
 * common case takes no lock.
 *
 * <p>No lost wake-up: a waiter counts itself in {@code waiters} ({@link #register}) before it re-checks for a free
 * slot under the lock; a releaser publishes its free slot before it reads {@code waiters} ({@link #hasWaiters}). Both
 * steps are sequentially consistent, so either the waiter sees the slot or the releaser sees the waiter and signals
 * under the lock (Dekker's argument; C++: both {@code memory_order_seq_cst}, or a {@code seq_cst} fence between the
 * two steps on each side). The signal is given under the lock, so it cannot fall between a waiter's re-check and its
 * sleep.
 *
 * <p>The protected methods are the protocol's named steps, so that seeded variants (model/mutants) change exactly one
 * step of this class instead of copying it; production code never overrides them.
 */
public class FreeSlotWaiters {
    private final AtomicInteger waiters = new AtomicInteger();
    private final OrderedLock waitLock = new OrderedLock("slot_available_cv_", LockLevel.POOL, 1);
    private final Condition slotAvailable = waitLock.newCondition();
    private volatile long wakeGeneration;

    /**
     * {@code tryAcquire} until it gives a slot (&ge; 0), {@code timeoutNanos} pass, or {@link #wakeAll} is called;
     * -1 when none was had. The first try takes no lock and registers nothing: the common case when slots are free.
     * A wait while the caller holds a lock of the hierarchy is refused by the lock-order checker (invariant 9): the
     * release that would end the wait may need that lock.
     */
    public final int acquire(IntSupplier tryAcquire, long timeoutNanos) throws InterruptedException {
        int s = tryAcquire.getAsInt();
        if (s >= 0 || timeoutNanos <= 0) {
            return s;
        }
        LockOrderChecker.assertMayBlock("waiting for a free worker slot");
        return await(tryAcquire, timeoutNanos);
    }

    private int await(IntSupplier tryAcquire, long timeoutNanos) throws InterruptedException {
        long gen = wakeGeneration;
        register(); // seq_cst: must precede the re-check (see class comment)
        try {
            waitLock.lock();
            try {
                long nanos = timeoutNanos;
                while (true) {
                    int s = tryAcquire.getAsInt();
                    if (s >= 0 || nanos <= 0 || gen != wakeGeneration) {
                        return s;
                    }
                    nanos = sleep(nanos);
                }
            } finally {
                waitLock.unlock();
            }
        } finally {
            unregister();
        }
    }

    /** Step: the waiter counts itself, before its re-check. C++: {@code waiters_.fetch_add(1, seq_cst)}. */
    protected void register() {
        waiters.incrementAndGet(); // seq_cst RMW (C++: fetch_add(memory_order_seq_cst))
    }

    /** Step: the waiter leaves, after its last try. C++: {@code waiters_.fetch_sub(1, seq_cst)}. */
    protected void unregister() {
        waiters.decrementAndGet(); // seq_cst RMW (C++: fetch_sub(memory_order_seq_cst))
    }

    /** Step: the releaser looks for sleepers, after its freeing write. C++: {@code waiters_.load(seq_cst) > 0}. */
    protected boolean hasWaiters() {
        return waiters.get() > 0; // seq_cst load (C++: load(memory_order_seq_cst))
    }

    /** Step: sleep with the wait lock held, until signalled or {@code nanos} pass; the nanos left. */
    protected long sleep(long nanos) throws InterruptedException {
        return slotAvailable.awaitNanos(nanos);
    }

    /** Step: wake one sleeper, under the wait lock. */
    protected void signalOne() {
        waitLock.lock();
        try {
            slotAvailable.signal();
        } finally {
            waitLock.unlock();
        }
    }

    /** Called after a slot was made free (by a seq_cst write): wakes one sleeper, if any. */
    public void slotFreed() {
        if (hasWaiters()) {
            signalOne();
        }
    }

    /** Wakes every sleeper for good (shutdown): each returns what its last try gave. */
    public final void wakeAll() {
        wakeGeneration++; // single writer (shutdown), volatile so waiters re-checking see it (C++: store(seq_cst))
        waitLock.lock();
        try {
            slotAvailable.signalAll();
        } finally {
            waitLock.unlock();
        }
    }
}
