package org.mpsharness.core.pool;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The freelist that scales (improvement 5, made after the benchmark showed that the one-word bitmask is slower than
 * the mutex under thread churn: every CAS of every thread hits the same cache line; docs/results.md). Each slot is its
 * own atomic cell on its own cache line, and a thread starts looking at its <em>home</em> slot ({@code 1 + id % 31}):
 * threads that come and go mostly take and give back their home slot, so they touch disjoint cache lines, and two
 * threads meet only when their homes collide or the pool is nearly full.
 *
 * <p><b>The cell</b> is one 64-bit word: {@code (generation << 32) | owner token}, token 0 = free. The owner token is
 * the owner's thread id (HotSpot hands thread ids out from a counter and never reuses them; a port uses a per-thread
 * token that is never reused either, e.g. the address of the thread's {@code ThreadStreamSlot} — not
 * {@code std::thread::id}, which the OS may reuse). Every change adds one to the generation, so a cell never holds the
 * same word twice. Acquire is one CAS free&rarr;owned, release and reclaim one CAS owned-by-the-caller&rarr;free: the
 * owner check and the state change are one atomic step, so a non-owner, a double release, a stale release of a
 * reassigned slot and a second reclaimer all fail that CAS and change nothing (invariant 8). Nothing is allocated.
 *
 * <p><b>"No slot is free"</b> needs care, since the free count is not one word: one scan that saw every cell taken
 * does not prove that all were taken at one instant (a slot freed behind the scan and another taken ahead of it). A
 * failing scan is therefore confirmed by a second collect: generations only grow, so if the sum of the generations is
 * the same in both collects, every cell kept its word in between, and at the instant between the two collects every
 * slot was taken. The free count is read the same way. (The first version of this class compared cells holding null
 * for "free"; null recurs, the two collects agreed across a take and a give-back, and the contract's hand-over check
 * caught it.) Backpressure: {@link FreeSlotWaiters}.
 *
 * <p><b>Memory orders</b> (port): the cell CASes {@code compare_exchange_strong(memory_order_seq_cst)} and the scans'
 * loads {@code memory_order_seq_cst}: a release's CAS must precede its read of the waiter count in the single total
 * order, and a waiter's re-scan must follow its registration (Dekker's argument in {@link FreeSlotWaiters}). The owner
 * mirror (for {@link #ownerOf}, which returns a thread, not a token) is written with {@code store(release)} after the
 * acquiring CAS and read with {@code load(acquire)}; it is never trusted without its cell.
 *
 * <p>The protected methods are named steps for seeded variants (model/mutants); production never overrides them.
 */
public class HomeSlotFreelist implements SlotFreelist {
    /**
     * Bytes between two slots' words: a cache line of Apple Silicon, the runtime's target (128; the same figure as
     * the project-wide padding constant, {@code CacheLines.BYTES}).
     */
    static final int LINE_BYTES = 128;
    private static final int CELL_STRIDE = LINE_BYTES / Long.BYTES;
    /** 128 bytes with compressed references (4 bytes each), 256 without: never less than a line. */
    private static final int OWNER_STRIDE = LINE_BYTES / 4;
    private static final long TOKEN_MASK = 0xFFFF_FFFFL;
    private static final long ONE_GENERATION = 1L << 32;

    private final AtomicLongArray cells = new AtomicLongArray((WORKER_SLOTS + 1) * CELL_STRIDE);
    private final AtomicReferenceArray<Thread> owners = new AtomicReferenceArray<>((WORKER_SLOTS + 1) * OWNER_STRIDE);
    private final FreeSlotWaiters waiters;

    public HomeSlotFreelist() {
        this(new FreeSlotWaiters());
    }

    /** For seeded variants of the waiting protocol. */
    protected HomeSlotFreelist(FreeSlotWaiters waiters) {
        this.waiters = waiters;
    }

    /** The token of {@code owner} in a cell: its thread id, never 0 (ids start at 1). */
    protected static long token(Thread owner) {
        return owner.getId() & TOKEN_MASK;
    }

    /** The owner token in a cell word; 0 when the slot is free. */
    protected static long ownerToken(long cell) {
        return cell & TOKEN_MASK;
    }

    private static long generation(long cell) {
        return cell >>> 32;
    }

    /**
     * The word after {@code cell} with the slot free: the next generation, no owner. (The generation wraps after
     * 2^32 changes of one slot; two collects could be fooled only if that happened within one scan and other cells
     * made up for it exactly.)
     */
    protected static long freed(long cell) {
        return (cell & ~TOKEN_MASK) + ONE_GENERATION;
    }

    /** The word after {@code cell} with the slot owned by {@code token}. */
    private static long owned(long cell, long token) {
        return freed(cell) | token;
    }

    private static int home(Thread owner) {
        return 1 + (int) (owner.getId() % WORKER_SLOTS);
    }

    /** The cell word of {@code slot} now (seq_cst load: C++ {@code load(memory_order_seq_cst)}). */
    protected final long cell(int slot) {
        return cells.get(slot * CELL_STRIDE); // C++: load(seq_cst)
    }

    @Override
    public final int tryAcquire(Thread owner) {
        long token = token(owner);
        int home = home(owner);
        while (true) {
            long generations = 0;
            int s = home;
            for (int i = 0; i < WORKER_SLOTS; i++) {
                long c = cell(s);
                while (ownerToken(c) == 0) {
                    // seq_cst CAS (C++: compare_exchange_strong(memory_order_seq_cst)): takes the slot
                    if (cells.compareAndSet(s * CELL_STRIDE, c, owned(c, token))) {
                        owners.setRelease(s * OWNER_STRIDE, owner); // C++: store(memory_order_release)
                        return s;
                    }
                    c = cell(s); // lost the race: taken now, or freed again at once (then try it again)
                }
                generations += generation(c);
                s = s == WORKER_SLOTS ? 1 : s + 1;
            }
            if (confirmedByCollect(generations, collectGenerations())) {
                return -1; // every slot was taken between the two collects
            }
        }
    }

    private long collectGenerations() {
        long sum = 0;
        for (int s = 1; s <= WORKER_SLOTS; s++) {
            sum += generation(cell(s));
        }
        return sum;
    }

    /**
     * Step: do two collects of the cells prove a snapshot? Generations only grow, so equal sums mean that no cell
     * changed between its two reads.
     */
    protected boolean confirmedByCollect(long firstGenerations, long secondGenerations) {
        return firstGenerations == secondGenerations;
    }

    @Override
    public final int acquire(Thread owner, long timeoutNanos) throws InterruptedException {
        return waiters.acquire(() -> tryAcquire(owner), timeoutNanos);
    }

    @Override
    public final ReleaseOutcome release(int slot, Thread caller) {
        if (slot == 0) {
            return ReleaseOutcome.ALREADY_FREE; // slot 0 has no cell: never in the freelist
        }
        long token = token(caller);
        while (true) {
            long c = cell(slot);
            long o = ownerToken(c);
            if (o == 0) {
                return ReleaseOutcome.ALREADY_FREE;
            }
            if (o != token) {
                return ReleaseOutcome.NOT_OWNER;
            }
            if (freeAndSignal(slot, c)) {
                return ReleaseOutcome.RELEASED;
            }
            // the cell changed under us: only a reclaim naming the caller can do that (not in a correct pool, which
            // reclaims only dead owners); decide again from the new word
        }
    }

    /**
     * Step: frees the slot if its cell still holds {@code seen} (one seq_cst CAS, ordered before the waiter count is
     * read), then wakes a sleeper if any. False when the cell had changed.
     */
    protected boolean freeAndSignal(int slot, long seen) {
        if (!freeCell(slot, seen)) {
            return false;
        }
        waiters.slotFreed();
        return true;
    }

    /** The CAS {@code seen}&rarr;free of one cell (C++: {@code compare_exchange_strong(memory_order_seq_cst)}). */
    protected final boolean freeCell(int slot, long seen) {
        return cells.compareAndSet(slot * CELL_STRIDE, seen, freed(seen)); // C++: compare_exchange_strong(seq_cst)
    }

    /** A plain volatile store of a cell word: only for seeded variants that lose the CAS. */
    protected final void storeCell(int slot, long word) {
        cells.set(slot * CELL_STRIDE, word); // C++: store(seq_cst)
    }

    @Override
    public boolean reclaim(int slot, Thread deadOwner) {
        if (deadOwner == null || slot < 1 || slot > WORKER_SLOTS) {
            return false;
        }
        long c = cell(slot);
        // exactly one of the owner's release and the reclaimers wins the CAS on this very word
        return ownerToken(c) == token(deadOwner) && freeAndSignal(slot, c);
    }

    @Override
    public final Thread ownerOf(int slot) {
        if (slot < 1 || slot > WORKER_SLOTS) {
            return null;
        }
        Thread t = owners.getAcquire(slot * OWNER_STRIDE); // C++: load(memory_order_acquire)
        // the mirror is trusted only when the cell, read after it, names the same owner (else free or handed over)
        return t != null && ownerToken(cell(slot)) == token(t) ? t : null;
    }

    /**
     * The number of free slots at one instant: the cells are collected until two collects in a row have the same
     * generations, so that no cell changed in between. A single scan could count a slot freed behind it and another
     * taken ahead of it, a figure the pool never had. Lock-free, not wait-free: a diagnostic, not a hot path.
     */
    @Override
    public final int freeCount() {
        long previous = -1;
        while (true) {
            long generations = 0;
            int free = 0;
            for (int s = 1; s <= WORKER_SLOTS; s++) {
                long c = cell(s);
                generations += generation(c);
                free += ownerToken(c) == 0 ? 1 : 0;
            }
            if (previous >= 0 && confirmedByCollect(previous, generations)) {
                return free;
            }
            previous = generations;
        }
    }

    /** The waiting protocol, for seeded variants. */
    protected final FreeSlotWaiters waiters() {
        return waiters;
    }

    @Override
    public final void wakeAll() {
        waiters.wakeAll();
    }
}
