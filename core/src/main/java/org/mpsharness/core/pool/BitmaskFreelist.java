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
 *
 * <p>This is the design note's literal proposal ("improved-bitmask"); {@link HomeSlotFreelist} is the freelist that
 * scales. The protected methods are named steps for seeded variants (model/mutants); production never overrides them.
 */
public class BitmaskFreelist implements SlotFreelist {
    private static final int ALL_WORKERS = 0xFFFF_FFFE; // bits 1..31; bit 0 (default stream) never free
    /** Bounds of {@link #awaitSettled}: spins, then yields (milliseconds in all), then it answers anyway. */
    private static final int SETTLE_SPINS = 1_000;
    private static final int SETTLE_YIELDS = 10_000;

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
    private final FreeSlotWaiters waiters;

    public BitmaskFreelist() {
        this(new FreeSlotWaiters());
    }

    /** For seeded variants of the waiting protocol. */
    protected BitmaskFreelist(FreeSlotWaiters waiters) {
        this.waiters = waiters;
    }

    @Override
    public final int tryAcquire(Thread owner) {
        int slot = claimLowestBit();
        if (slot > 0) {
            owners.setRelease(slot, owner); // C++: owners_[slot].store(owner, memory_order_release)
        }
        return slot;
    }

    /** Step: clears the lowest set bit of the mask and returns its index, or -1 when none is set. */
    protected int claimLowestBit() {
        while (true) {
            // it is also a waiter's re-check after its registration (Dekker, FreeSlotWaiters)
            int m = (int) MASK.getVolatile(this); // C++: load(memory_order_seq_cst)
            if (m == 0) {
                return -1;
            }
            int low = Integer.lowestOneBit(m);
            // takes the slot (Java's CAS is seq_cst; acq_rel would do, and costs the same on x86-64 and arm64)
            // C++: compare_exchange_weak(m, m & ~low, memory_order_seq_cst)
            if (MASK.compareAndSet(this, m, m & ~low)) {
                return Integer.numberOfTrailingZeros(low);
            }
        }
    }

    @Override
    public final int acquire(Thread owner, long timeoutNanos) throws InterruptedException {
        return waiters.acquire(() -> tryAcquire(owner), timeoutNanos);
    }

    @Override
    public ReleaseOutcome release(int slot, Thread caller) {
        Thread o = owners.getAcquire(slot); // C++: load(acquire)
        // C++: compare_exchange_strong(seq_cst): the owner's release and a reclaim race for the entry
        if (o != caller || !owners.compareAndSet(slot, caller, null)) {
            // Nothing changed. Free bit set and no owner: a double release; otherwise someone else's slot. A release
            // that lost its slot to a reclaim answers after the reclaim's second step (see awaitSettled).
            awaitSettled(slot);
            return refusal(slot, o);
        }
        freeBit(slot);
        return ReleaseOutcome.RELEASED;
    }

    /** What a refused release reports: free bit set and no owner is a double release, else someone else's slot. */
    protected final ReleaseOutcome refusal(int slot, Thread seenOwner) {
        return seenOwner == null && isFree(slot) ? ReleaseOutcome.ALREADY_FREE : ReleaseOutcome.NOT_OWNER;
    }

    /**
     * Waits out another thread's two-step change of {@code slot}: an owner cleared and its bit not yet set (a release
     * or reclaim between its CAS and its OR), or a bit claimed and its owner not yet stored (an acquire). A caller that
     * lost the race for the slot answers only after that, so that what it reports — and every read after it, such as
     * {@link #freeCount()} — includes the winner's whole step: without it a losing reclaimer returned while the slot
     * was neither owned nor free, and a free count read next missed the slot (not linearizable; found by thorough
     * stress, 2026-11-30). The wait is as short as the other thread's next instruction, unless it is descheduled.
     */
    private void awaitSettled(int slot) {
        for (int i = 0; owners.getAcquire(slot) == null && !isFree(slot); i++) { // C++: load(acquire), load(seq_cst)
            if (i < SETTLE_SPINS) {
                Thread.onSpinWait();
            } else if (i < SETTLE_SPINS + SETTLE_YIELDS) {
                Thread.yield(); // the other thread was descheduled between its two steps
            } else {
                return; // never settles: a broken freelist (a lost bit); answer rather than hang
            }
        }
    }

    /** Sets the slot's bit (seq_cst fetch-or) and wakes one waiter if any; throws if the bit was already set. */
    protected final void freeBit(int slot) {
        // seq_cst OR (C++: fetch_or(bit, memory_order_seq_cst)); seq_cst also orders it before the waiters read.
        int before = (int) MASK.getAndBitwiseOr(this, 1 << slot);
        if ((before & (1 << slot)) != 0) {
            throw new IllegalStateException("slot " + slot + " was free while it had an owner: freelist corrupted");
        }
        waiters.slotFreed();
    }

    @Override
    public boolean reclaim(int slot, Thread deadOwner) {
        // exactly one reclaimer wins; C++: compare_exchange_strong(seq_cst)
        if (deadOwner == null || !owners.compareAndSet(slot, deadOwner, null)) {
            awaitSettled(slot); // the winner's bit is set before this loser answers
            return false;
        }
        freeBit(slot);
        return true;
    }

    @Override
    public final Thread ownerOf(int slot) {
        return owners.getAcquire(slot); // C++: load(acquire)
    }

    /** The owner entry written with a plain volatile store: only for seeded variants that drop the owner CAS. */
    protected final void storeOwner(int slot, Thread owner) {
        owners.set(slot, owner); // C++: store(seq_cst)
    }

    /** The mask now (volatile read). */
    protected final int loadMask() {
        return (int) MASK.getVolatile(this); // C++: load(seq_cst)
    }

    /** A volatile store of the whole mask: only for seeded variants that drop the CAS. */
    protected final void storeMask(int m) {
        MASK.setVolatile(this, m); // C++: store(seq_cst)
    }

    /** Whether the slot's bit is set now. */
    protected final boolean isFree(int slot) {
        return ((int) MASK.getVolatile(this) & (1 << slot)) != 0; // C++: load(seq_cst)
    }

    @Override
    public final int freeCount() {
        return Integer.bitCount(mask);
    }

    @Override
    public final void wakeAll() {
        waiters.wakeAll();
    }
}
