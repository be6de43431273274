package org.mpsharness.core.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Improved design of improvement 5: the free slots as bits of one atomic word ({@code free_slots_mask_}). Acquire is a
 * CAS that clears the lowest set bit; release is an atomic OR. Owners live in an atomic array so that release by a
 * non-owner and double release are detected without a lock.
 *
 * <p>Backpressure without lost wake-ups: {@link FreeSlotWaiters} (the releaser ORs its bit, sequentially consistent,
 * before it looks for sleepers).
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
    private final FreeSlotWaiters waiters = new FreeSlotWaiters();

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
        return waiters.acquire(() -> tryAcquire(owner), timeoutNanos);
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
        waiters.slotFreed();
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
        waiters.wakeAll();
    }
}
