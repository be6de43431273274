package org.mpsharness.core.pool;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * An alternative improved design of improvement 5, made after the benchmark showed that the one-word bitmask is slower
 * than the mutex under thread churn (every CAS of every thread hits the same cache line; docs/results.md). Here each
 * slot is its own atomic cell on its own cache line, holding the current {@link Lease} (free or owned), and a thread
 * starts looking at its <em>home</em> slot ({@code 1 + id % 31}): threads that come and go mostly take and give back
 * their home slot, so they touch disjoint cache lines, and two threads meet only when their homes collide or the pool
 * is nearly full.
 *
 * <p>Acquire is a CAS free lease&rarr;own lease; release a CAS own lease&rarr;new free lease. Ownership, double release and release
 * by a non-owner are decided by that one cell, as in {@link BitmaskFreelist}. The free count is no longer one word, so
 * "no slot is free" needs care: one scan that saw every cell taken does not prove that all were taken at one instant
 * (a slot freed behind the scan and another taken ahead of it). A failing scan is therefore confirmed by a second
 * collect that must find the very same lease objects; a fresh object per acquisition and per release makes that
 * ABA-free, so between the two collects every slot was taken (the double-collect snapshot argument); the free count
 * is read the same way. Backpressure: {@link FreeSlotWaiters}.
 *
 * <p>Memory orders (port): the cell CASes are {@code compare_exchange_strong(memory_order_seq_cst)} and the scan's
 * loads {@code memory_order_seq_cst}: the release's CAS must precede its read of the waiter count in the single total
 * order, and a waiter's re-scan must follow its increment (Dekker's argument in {@link FreeSlotWaiters}). In C++ the
 * lease can be a {@code (owner, generation)} pair in one 16-byte atomic or a generation-tagged index.
 */
public final class HomeSlotFreelist implements SlotFreelist {
    /** Array elements between two cells: 128 bytes apart with 4-byte (compressed) or 8-byte references. */
    private static final int STRIDE = 32;

    /**
     * A cell's value: one acquisition of the slot (owner set) or one period of it being free (owner null). A new
     * object every time, so that a cell never holds the same value twice — not even "free", which a null would make
     * recur (ABA) and let two collects agree across a take and a give-back. Compared by identity only (a class, not a
     * record: two leases of one thread must differ).
     */
    private static final class Lease {
        private final Thread owner;

        Lease(Thread owner) {
            this.owner = owner;
        }

        Thread owner() {
            return owner;
        }
    }

    private final AtomicReferenceArray<Lease> cells = new AtomicReferenceArray<>((WORKER_SLOTS + 1) * STRIDE);
    private final FreeSlotWaiters waiters = new FreeSlotWaiters();

    public HomeSlotFreelist() {
        for (int s = 1; s <= WORKER_SLOTS; s++) {
            cells.set(s * STRIDE, new Lease(null));
        }
    }

    private static int slotAt(Thread owner, int i) {
        return 1 + (int) ((owner.getId() + i) % WORKER_SLOTS);
    }

    @Override
    public int tryAcquire(Thread owner) {
        while (true) {
            Lease[] seen = null;
            for (int i = 0; i < WORKER_SLOTS; i++) {
                int s = slotAt(owner, i);
                Lease c = cells.get(s * STRIDE); // seq_cst load (C++: load(memory_order_seq_cst))
                if (c.owner() == null) {
                    if (cells.compareAndSet(s * STRIDE, c, new Lease(owner))) { // seq_cst CAS: takes the slot
                        return s;
                    }
                    c = cells.get(s * STRIDE);
                    if (c.owner() == null) {
                        i--; // freed again at once: try this slot again
                        continue;
                    }
                }
                if (seen == null) {
                    seen = new Lease[WORKER_SLOTS + 1];
                }
                seen[s] = c;
            }
            if (unchanged(seen)) {
                return -1; // every slot was taken between the two collects
            }
        }
    }

    /** The second collect: true when every cell still holds the lease the scan saw (so none was free meanwhile). */
    private boolean unchanged(Lease[] seen) {
        for (int s = 1; s <= WORKER_SLOTS; s++) {
            if (cells.get(s * STRIDE) != seen[s]) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameLeases(Lease[] a, Lease[] b) {
        for (int s = 1; s <= WORKER_SLOTS; s++) {
            if (a[s] != b[s]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int acquire(Thread owner, long timeoutNanos) throws InterruptedException {
        return waiters.acquire(() -> tryAcquire(owner), timeoutNanos);
    }

    @Override
    public ReleaseOutcome release(int slot, Thread caller) {
        while (true) {
            Lease c = cells.get(slot * STRIDE);
            if (c == null || c.owner() == null) { // slot 0 has no cell
                return ReleaseOutcome.ALREADY_FREE;
            }
            if (c.owner() != caller) {
                return ReleaseOutcome.NOT_OWNER;
            }
            // seq_cst: before the waiter count is read
            if (cells.compareAndSet(slot * STRIDE, c, new Lease(null))) {
                waiters.slotFreed();
                return ReleaseOutcome.RELEASED;
            }
            // the lease changed under us (a reclaim cannot take a live caller's slot, so this is not expected):
            // decide again from the new value
        }
    }

    @Override
    public boolean reclaim(int slot, Thread deadOwner) {
        Lease c = cells.get(slot * STRIDE);
        if (deadOwner == null || c == null || c.owner() != deadOwner
                || !cells.compareAndSet(slot * STRIDE, c, new Lease(null))) { // exactly one reclaimer wins
            return false;
        }
        waiters.slotFreed();
        return true;
    }

    @Override
    public Thread ownerOf(int slot) {
        Lease c = cells.get(slot * STRIDE);
        return c == null ? null : c.owner(); // slot 0 has no cell
    }

    /**
     * The number of free slots at one instant: cells are collected until two collects in a row are identical (the
     * same leases, the same free cells), which they were in between. A single scan could count a slot freed behind it
     * and another taken ahead of it, a figure the pool never had. Lock-free, not wait-free: a diagnostic, not a hot
     * path.
     */
    @Override
    public int freeCount() {
        Lease[] a = new Lease[WORKER_SLOTS + 1];
        Lease[] b = new Lease[WORKER_SLOTS + 1];
        collect(a);
        while (true) {
            collect(b);
            if (sameLeases(a, b)) {
                break;
            }
            Lease[] t = a;
            a = b;
            b = t;
        }
        int n = 0;
        for (int s = 1; s <= WORKER_SLOTS; s++) {
            n += a[s].owner() == null ? 1 : 0;
        }
        return n;
    }

    private void collect(Lease[] into) {
        for (int s = 1; s <= WORKER_SLOTS; s++) {
            into[s] = cells.get(s * STRIDE);
        }
    }

    @Override
    public void wakeAll() {
        waiters.wakeAll();
    }
}
