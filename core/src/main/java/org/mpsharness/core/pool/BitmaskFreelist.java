package org.mpsharness.core.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import org.mpsharness.core.lock.LockLevel;
import org.mpsharness.core.lock.OrderedLock;

/**
 * Improved design of improvement 5: the free slots as bits of one atomic word ({@code free_slots_mask_}). Acquire is a
 * CAS that clears the lowest set bit; release is an atomic OR. Owners live in an atomic array so that release by a
 * non-owner and double release are detected without a lock.
 *
 * <p>Backpressure without lost wake-ups: a waiter counts itself in {@code waiters} before it re-checks the mask under
 * {@code waitLock}; a releaser ORs its bit before it reads {@code waiters}. Both are sequentially consistent, so either
 * the waiter sees the bit or the releaser sees the waiter and signals under the lock (Dekker's argument).
 *
 * <p>Order of a release: the owner entry is cleared (CAS owner&rarr;null) <em>before</em> the bit is set, so a new owner
 * can never have its entry overwritten by the previous owner's late clear.
 */
public final class BitmaskFreelist implements SlotFreelist {
    private static final int ALL_WORKERS = 0xFFFF_FFFE; // bits 1..31; bit 0 (default stream) never free

    private static final VarHandle MASK;

    static {
        try {
            MASK = MethodHandles.lookup().findVarHandle(BitmaskFreelist.class, "mask", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Bit s set = worker slot s free. Accessed only through {@link #MASK} (volatile / CAS / fetch-or). */
    @SuppressWarnings("FieldMayBeFinal")
    private volatile int mask = ALL_WORKERS;
    private final AtomicReferenceArray<Thread> owners = new AtomicReferenceArray<>(WORKER_SLOTS + 1);
    private final AtomicInteger waiters = new AtomicInteger();
    private final OrderedLock waitLock = new OrderedLock("slot_available_cv_", LockLevel.POOL, 1);
    private final Condition slotAvailable = waitLock.newCondition();
    private volatile long wakeGeneration;

    @Override
    public int tryAcquire(Thread owner) {
        while (true) {
            int m = mask; // volatile read (C++: load(memory_order_acquire))
            if (m == 0) {
                return -1;
            }
            int low = Integer.lowestOneBit(m);
            // CAS (acq_rel in C++: compare_exchange_weak(m, m & ~low, memory_order_acq_rel)): takes the slot.
            if (MASK.compareAndSet(this, m, m & ~low)) {
                int slot = Integer.numberOfTrailingZeros(low);
                owners.set(slot, owner); // seq_cst store; C++: owners_[slot].store(owner, memory_order_release)
                return slot;
            }
        }
    }

    @Override
    public int acquire(Thread owner, long timeoutNanos) throws InterruptedException {
        int s = tryAcquire(owner);
        if (s >= 0 || timeoutNanos <= 0) {
            return s;
        }
        long gen = wakeGeneration;
        waiters.incrementAndGet(); // seq_cst: must precede the re-check of the mask (see class comment)
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
            waiters.decrementAndGet();
        }
    }

    @Override
    public ReleaseOutcome release(int slot, Thread caller) {
        Thread o = owners.get(slot);
        if (o != caller || !owners.compareAndSet(slot, caller, null)) {
            // Nothing changed. Free bit set and no owner: a double release; otherwise someone else's slot.
            return o == null && (mask & (1 << slot)) != 0 ? ReleaseOutcome.ALREADY_FREE
                    : ReleaseOutcome.NOT_OWNER;
        }
        freeBit(slot);
        return ReleaseOutcome.RELEASED;
    }

    private void freeBit(int slot) {
        // seq_cst OR (C++: fetch_or(bit, memory_order_seq_cst)); seq_cst also orders it before the waiters read.
        int before = (int) MASK.getAndBitwiseOr(this, 1 << slot);
        if ((before & (1 << slot)) != 0) {
            throw new IllegalStateException("slot " + slot + " was free while it had an owner: freelist corrupted");
        }
        if (waiters.get() > 0) {
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
        if (deadOwner == null || !owners.compareAndSet(slot, deadOwner, null)) { // exactly one reclaimer wins
            return false;
        }
        freeBit(slot);
        return true;
    }

    @Override
    public Thread ownerOf(int slot) {
        return owners.get(slot);
    }

    @Override
    public int freeCount() {
        return Integer.bitCount(mask);
    }

    @Override
    public void wakeAll() {
        wakeGeneration++; // single writer (shutdown); volatile so waiters re-checking see it
        waitLock.lock();
        try {
            slotAvailable.signalAll();
        } finally {
            waitLock.unlock();
        }
    }
}
