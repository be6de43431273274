package org.mpsharness.model.mutants;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.mpsharness.core.pool.ReleaseOutcome;
import org.mpsharness.core.pool.SlotFreelist;

/**
 * Seeded bug in {@link org.mpsharness.core.pool.HomeSlotFreelist}: "drop the re-check" — "no slot free" and the free
 * count are decided from one scan of the per-slot cells instead of two identical collects. A slot freed behind the
 * scan and another taken ahead of it make the scan report a pool that was never full (or a count it never had).
 *
 * <p>A deliberate near-copy of the correct class, cut down to what the bug needs (waiting by polling instead of the
 * sleep-and-signal protocol), so that the correct class stays free of bug switches. Caught by the contract's
 * hand-over check (a free count of 2 when only 0 or 1 were ever true).
 */
public final class SingleCollectHomeSlotFreelist implements SlotFreelist {
    private static final int STRIDE = 32;

    private static final class Lease {
        final Thread owner;

        Lease(Thread owner) {
            this.owner = owner;
        }
    }

    private final AtomicReferenceArray<Lease> cells = new AtomicReferenceArray<>((WORKER_SLOTS + 1) * STRIDE);
    private volatile long wakeGeneration;

    @Override
    public int tryAcquire(Thread owner) {
        for (int i = 0; i < WORKER_SLOTS; i++) {
            int s = 1 + (int) ((owner.getId() + i) % WORKER_SLOTS);
            if (cells.get(s * STRIDE) == null && cells.compareAndSet(s * STRIDE, null, new Lease(owner))) {
                return s;
            }
        }
        return -1; // BUG: one scan that saw every cell taken is taken as "all taken at once"
    }

    /** Backpressure by polling (correct, if slower than the real class's sleep and signal). */
    @Override
    public int acquire(Thread owner, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        long gen = wakeGeneration;
        while (true) {
            int s = tryAcquire(owner);
            if (s >= 0 || System.nanoTime() - deadline >= 0 || gen != wakeGeneration) {
                return s;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
    }

    @Override
    public ReleaseOutcome release(int slot, Thread caller) {
        while (true) {
            Lease c = cells.get(slot * STRIDE);
            if (c == null) {
                return ReleaseOutcome.ALREADY_FREE;
            }
            if (c.owner != caller) {
                return ReleaseOutcome.NOT_OWNER;
            }
            if (cells.compareAndSet(slot * STRIDE, c, null)) {
                return ReleaseOutcome.RELEASED;
            }
        }
    }

    @Override
    public boolean reclaim(int slot, Thread deadOwner) {
        Lease c = cells.get(slot * STRIDE);
        return deadOwner != null && c != null && c.owner == deadOwner && cells.compareAndSet(slot * STRIDE, c, null);
    }

    @Override
    public Thread ownerOf(int slot) {
        Lease c = cells.get(slot * STRIDE);
        return c == null ? null : c.owner;
    }

    @Override
    public int freeCount() {
        int n = 0;
        for (int s = 1; s <= WORKER_SLOTS; s++) {
            n += cells.get(s * STRIDE) == null ? 1 : 0; // BUG: one scan, not a snapshot
        }
        return n;
    }

    @Override
    public void wakeAll() {
        wakeGeneration++;
    }
}
