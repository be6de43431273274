package org.mpsharness.model.mutants;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotFreelist;

/**
 * Deliberate near-copy of {@link org.mpsharness.core.pool.BitmaskFreelist}, cut into the steps that the seeded bugs
 * mutate: claiming a bit ({@link #claimLowestBit}), releasing ({@link #release}), and counting waiters
 * ({@link #enterWait}, {@link #exitWait}, {@link #hasWaiters}). Unmutated, every step is the production code's, with
 * the same memory orders, so each subclass differs from production in exactly one operator.
 *
 * <p>Why a copy and not a subclass of production: the production class is final and has no seams, and adding seams to
 * it only for negative controls would change the code under test.
 */
abstract class BitmaskFreelistBase implements SlotFreelist {
    static final int ALL_WORKERS = 0xFFFF_FFFE;
    static final VarHandle MASK;

    static {
        try {
            MASK = MethodHandles.lookup().findVarHandle(BitmaskFreelistBase.class, "mask", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("FieldMayBeFinal")
    volatile int mask = ALL_WORKERS;
    final AtomicReferenceArray<Thread> owners = new AtomicReferenceArray<>(WORKER_SLOTS + 1);
    private final AtomicInteger waiters = new AtomicInteger();
    final OrderedLock waitLock = new OrderedLock("slot_available_cv_", LockLevel.POOL, 1);
    final Condition slotAvailable = waitLock.newCondition();
    volatile long wakeGeneration;

    /** Clears the lowest set bit of the mask and returns its index, or -1 when the mask is 0. Production: a CAS loop. */
    int claimLowestBit() {
        while (true) {
            int m = mask;
            if (m == 0) {
                return -1;
            }
            int low = Integer.lowestOneBit(m);
            if (MASK.compareAndSet(this, m, m & ~low)) {
                return Integer.numberOfTrailingZeros(low);
            }
        }
    }

    /** Production: increments an atomic counter (seq_cst), which must precede the waiter's re-check of the mask. */
    void enterWait() {
        waiters.incrementAndGet();
    }

    void exitWait() {
        waiters.decrementAndGet();
    }

    /** Production: a seq_cst read that follows the releaser's seq_cst fetch-or (Dekker). */
    boolean hasWaiters() {
        return waiters.get() > 0;
    }

    @Override
    public final int tryAcquire(Thread owner) {
        int slot = claimLowestBit();
        if (slot > 0) {
            owners.set(slot, owner);
        }
        return slot;
    }

    /** Production order: count the waiter, then re-check the mask under the lock, then wait. */
    @Override
    public int acquire(Thread owner, long timeoutNanos) throws InterruptedException {
        int s = tryAcquire(owner);
        if (s >= 0 || timeoutNanos <= 0) {
            return s;
        }
        long gen = wakeGeneration;
        enterWait();
        try {
            waitLock.lock();
            try {
                long nanos = timeoutNanos;
                while (true) {
                    s = tryAcquire(owner);
                    if (s >= 0 || nanos <= 0 || gen != wakeGeneration) {
                        return s;
                    }
                    nanos = slotAvailable.awaitNanos(nanos);
                }
            } finally {
                waitLock.unlock();
            }
        } finally {
            exitWait();
        }
    }

    /** Production order: CAS the owner entry caller&rarr;null, then set the free bit. */
    @Override
    public ReleaseOutcome release(int slot, Thread caller) {
        Thread o = owners.get(slot);
        if (o != caller || !owners.compareAndSet(slot, caller, null)) {
            return o == null && (mask & (1 << slot)) != 0 ? ReleaseOutcome.ALREADY_FREE : ReleaseOutcome.NOT_OWNER;
        }
        freeBit(slot);
        return ReleaseOutcome.RELEASED;
    }

    /** Sets the slot's bit (seq_cst fetch-or) and wakes one waiter if any; throws if the bit was already set. */
    final void freeBit(int slot) {
        int before = (int) MASK.getAndBitwiseOr(this, 1 << slot);
        if ((before & (1 << slot)) != 0) {
            throw new IllegalStateException("slot " + slot + " was free while it had an owner: freelist corrupted");
        }
        if (hasWaiters()) {
            waitLock.lock();
            try {
                slotAvailable.signal();
            } finally {
                waitLock.unlock();
            }
        }
    }

    @Override
    public boolean reclaim(int slot, Thread deadOwner) {
        if (deadOwner == null || !owners.compareAndSet(slot, deadOwner, null)) {
            return false;
        }
        freeBit(slot);
        return true;
    }

    @Override
    public final Thread ownerOf(int slot) {
        return owners.get(slot);
    }

    @Override
    public final int freeCount() {
        return Integer.bitCount(mask);
    }

    @Override
    public final void wakeAll() {
        wakeGeneration++;
        waitLock.lock();
        try {
            slotAvailable.signalAll();
        } finally {
            waitLock.unlock();
        }
    }
}
